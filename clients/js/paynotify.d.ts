/** paynotify.js: the browser client of paynotify. */

export declare const VERSION: string;

/** The connection states, in the order a page usually sees them. `failed` is final. */
export type ConnectionState = 'connecting' | 'ready' | 'disconnected' | 'failed';

/** What a `state` listener gets. */
export interface StateEvent {
  state: ConnectionState;
  /** The WebSocket close code (or 401 / 403) that led to this state, when there was one. */
  code?: number;
  /** The server's close reason, or why the client changed state (`offline`, `no PONG from the server`, ...). */
  reason?: string;
  /** On `ready`: false when events were lost (retention, or another event log): reload your state over HTTP. */
  recovered?: boolean;
}

/** Every payment event's data. */
export interface PaymentData {
  paymentId: string;
  /** Mercado Pago's status (`approved`, `pending`, `rejected`, ...). */
  status: string;
  planType: string;
  /** ISO-8601 UTC, when paynotify applied it. */
  timestamp: string;
}

export interface PaymentConfirmedData extends PaymentData { creditsAdded: number; totalCredits: number; }
export interface PaymentRejectedData extends PaymentData { statusDetail?: string; }
export interface PaymentRefundedData extends PaymentData { creditsRemoved: number; totalCredits: number; }
export interface PaymentNeedsReviewData extends PaymentData {
  reason: 'unknown_plan' | 'amount_mismatch' | 'currency_mismatch' | 'collector_mismatch';
}

/** One event: `seq` is per user, from 1, and each seq reaches a page at most once. */
export interface PaynotifyEvent<T = Record<string, unknown>, K extends string = string> {
  type: K;
  seq: number;
  data: T;
}

/** The payment events paynotify sends; other types come from the shop's own `POST /internal/notify`. */
export interface EventMap {
  PAYMENT_CONFIRMED: PaynotifyEvent<PaymentConfirmedData, 'PAYMENT_CONFIRMED'>;
  PAYMENT_PENDING: PaynotifyEvent<PaymentData, 'PAYMENT_PENDING'>;
  PAYMENT_REJECTED: PaynotifyEvent<PaymentRejectedData, 'PAYMENT_REJECTED'>;
  PAYMENT_REFUNDED: PaynotifyEvent<PaymentRefundedData, 'PAYMENT_REFUNDED'>;
  PAYMENT_NEEDS_REVIEW: PaynotifyEvent<PaymentNeedsReviewData, 'PAYMENT_NEEDS_REVIEW'>;
}

export interface ConnectOptions {
  /** The WebSocket endpoint, e.g. `wss://notify.shop.example/notifications/ws`. */
  url: string;
  /**
   * A fresh user JWT (its `sub` is the user id). Called before each connection. Reject with an error
   * whose `status` is 401 or 403 (or whose `name` is `AuthError`) when the user is signed out: the
   * client then stops (`failed`); any other rejection is retried with back-off.
   */
  getToken: () => string | Promise<string>;
  /** Tabs of one user share one socket (Web Locks + BroadcastChannel). Default true. */
  shareAcrossTabs?: boolean;
}

export interface Client {
  on<K extends keyof EventMap>(type: K, fn: (event: EventMap[K]) => void): Client;
  on(type: 'state', fn: (event: StateEvent) => void): Client;
  on(type: '*' | string, fn: (event: PaynotifyEvent) => void): Client;
  off<K extends keyof EventMap>(type: K, fn: (event: EventMap[K]) => void): Client;
  off(type: 'state', fn: (event: StateEvent) => void): Client;
  off(type: '*' | string, fn: (event: PaynotifyEvent) => void): Client;
  /** The current connection state. */
  readonly state: ConnectionState;
  /** The highest seq delivered to (or known by) this page; null before the first READY of a new user. */
  readonly lastSeq: number | null;
  /** Stops for good: closes the socket, or leaves the tabs that share it. */
  close(): void;
}

/** Starts connecting at once and returns the client. */
export declare function connect(options: ConnectOptions): Client;
