/** paynotify.js: the browser client of paynotify. */

export declare const VERSION: string;

/**
 * The connection states, in the order a page usually sees them. `failed`: stopped by something that
 * cannot heal (a close code 4500-4999, a signed-out user, a token for another user); `reconnect()`
 * starts again. `closed`: stopped by `close()`, final.
 */
export type ConnectionState = 'connecting' | 'ready' | 'disconnected' | 'failed' | 'closed';

/** What went wrong; `fatal` when the client stopped (`failed`). */
export declare class PaynotifyError extends Error {
  readonly name: 'PaynotifyError';
  /** 'token': getToken threw, timed out or gave no JWT; 'auth': signed out, refused, another user; 'socket': connecting failed or the connection was lost; 'server': a close code 4500-4999; 'closed': ready() on a closed client. */
  readonly kind: 'token' | 'auth' | 'socket' | 'server' | 'closed';
  /** The WebSocket close code or HTTP status, when there is one. */
  readonly code?: number;
  readonly fatal: boolean;
}

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
  /** Mercado Pago's status detail (`accredited`, `partially_refunded`, `settled`, ...). */
  statusDetail: string;
  planType: string;
  /** ISO-8601 UTC, when paynotify applied it. */
  timestamp: string;
}

export interface PaymentConfirmedData extends PaymentData { creditsAdded: number; totalCredits: number; }
export type PaymentRejectedData = PaymentData;
/** Credits taken back: all of them (`partial: false`), or in proportion to a partial refund. `totalCredits` may be negative (a debt). */
export interface PaymentRefundedData extends PaymentData {
  partial: boolean;
  /** The amount refunded so far (a decimal string), on a partial refund. */
  refundedAmount?: string;
  /** Credits this change took back. */
  creditsRemoved: number;
  totalCredits: number;
}
/** The buyer opened a dispute: nothing changes until it ends. */
export type PaymentDisputedData = PaymentData;
/** The dispute ended in the shop's favour: the credits stay. */
export interface PaymentDisputeClosedData extends PaymentData { outcome: 'kept'; }
/** The shop's backend changed the balance (`POST /internal/users/{id}/credits`). */
export interface CreditsChangedData { amount: number; reason: string; totalCredits: number; timestamp: string; }
export interface PaymentNeedsReviewData extends PaymentData {
  reason: 'unknown_plan' | 'amount_mismatch' | 'currency_mismatch' | 'collector_mismatch';
}

/** One event: `seq` is per user, from 1, and each seq reaches a page at most once. */
export interface PaynotifyEvent<T = Record<string, unknown>, K extends string = string> {
  type: K;
  seq: number;
  data: T;
}

/** The events paynotify sends; other types come from the shop's own `POST /internal/notify`. */
export interface EventMap {
  PAYMENT_CONFIRMED: PaynotifyEvent<PaymentConfirmedData, 'PAYMENT_CONFIRMED'>;
  PAYMENT_PENDING: PaynotifyEvent<PaymentData, 'PAYMENT_PENDING'>;
  PAYMENT_REJECTED: PaynotifyEvent<PaymentRejectedData, 'PAYMENT_REJECTED'>;
  PAYMENT_REFUNDED: PaynotifyEvent<PaymentRefundedData, 'PAYMENT_REFUNDED'>;
  PAYMENT_NEEDS_REVIEW: PaynotifyEvent<PaymentNeedsReviewData, 'PAYMENT_NEEDS_REVIEW'>;
  PAYMENT_DISPUTED: PaynotifyEvent<PaymentDisputedData, 'PAYMENT_DISPUTED'>;
  PAYMENT_DISPUTE_CLOSED: PaynotifyEvent<PaymentDisputeClosedData, 'PAYMENT_DISPUTE_CLOSED'>;
  CREDITS_CHANGED: PaynotifyEvent<CreditsChangedData, 'CREDITS_CHANGED'>;
}

export interface ConnectOptions {
  /** The WebSocket endpoint, e.g. `wss://notify.shop.example/notifications/ws`. */
  url: string;
  /**
   * A fresh user JWT (its `sub` is the user id). Called before each connection. Reject with an error
   * whose `status` is 401 or 403 (or whose `name` is `AuthError`) when the user is signed out: the
   * client then stops (`failed`). Anything else that goes wrong (a throw, no answer within
   * `tokenTimeout`, an answer that is not a JWT) is an `error` event and a retry with back-off.
   */
  getToken: () => string | Promise<string>;
  /** Tabs of one user share one socket (Web Locks + BroadcastChannel). Default true. */
  shareAcrossTabs?: boolean;
  /** The REST base for the refused-token check, e.g. `https://notify.shop.example`. Default: derived from `url`. */
  apiUrl?: string;
  /** Where the token goes: `'protocol'` (default, `Sec-WebSocket-Protocol`, never in a URL) or `'query'` (`?token=`). */
  tokenIn?: 'protocol' | 'query';
  /** The WebSocket constructor. Default: the global one (browsers, Node 22+); on older Node pass `ws`'s. */
  WebSocket?: unknown;
  /** ms between PINGs of a ready socket (30000). */
  pingInterval?: number;
  /** ms a PONG may take before the socket counts as dead (10000). */
  pongTimeout?: number;
  /** ms from the upgrade to READY before the client gives up on that socket (15000). */
  readyTimeout?: number;
  /** ms getToken may take (10000). */
  tokenTimeout?: number;
  /** Back-off: the n-th retry waits a random part of min(backoffCap, backoffBase * 2^n) ms (500, 30000). */
  backoffBase?: number;
  backoffCap?: number;
  /** Hidden longer than this many ms, a page that becomes visible checks its socket (60000). */
  longHidden?: number;
  /** Timers this many ms late mean the machine slept: the socket is checked (30000). */
  timerJump?: number;
  /** The source of back-off jitter, in [0, 1). Default Math.random; tests pass a seeded one. */
  random?: () => number;
}

export interface Client {
  on<K extends keyof EventMap>(type: K, fn: (event: EventMap[K]) => void): Client;
  on(type: 'state', fn: (event: StateEvent) => void): Client;
  on(type: 'error', fn: (error: PaynotifyError) => void): Client;
  on(type: '*' | string, fn: (event: PaynotifyEvent) => void): Client;
  once<K extends keyof EventMap>(type: K, fn: (event: EventMap[K]) => void): Client;
  once(type: 'state', fn: (event: StateEvent) => void): Client;
  once(type: 'error', fn: (error: PaynotifyError) => void): Client;
  once(type: '*' | string, fn: (event: PaynotifyEvent) => void): Client;
  off<K extends keyof EventMap>(type: K, fn: (event: EventMap[K]) => void): Client;
  off(type: 'state', fn: (event: StateEvent) => void): Client;
  off(type: 'error', fn: (error: PaynotifyError) => void): Client;
  off(type: '*' | string, fn: (event: PaynotifyEvent) => void): Client;
  /** The current connection state. */
  readonly state: ConnectionState;
  /** The highest seq delivered to (or known by) this page; null before the first READY of a new user. */
  readonly lastSeq: number | null;
  /** The last error (an `error` event), or null. */
  readonly lastError: PaynotifyError | null;
  /** Resolves with the `ready` state event at the next READY (at once when ready); rejects on `failed` or `closed`. */
  ready(): Promise<StateEvent>;
  /** Connects again now with the back-off reset; a `failed` client starts over. No effect once closed. */
  reconnect(): void;
  /** Stops for good (`closed`): closes the socket, or leaves the tabs that share it. */
  close(): void;
}

/** Starts connecting at once and returns the client. */
export declare function connect(options: ConnectOptions): Client;
