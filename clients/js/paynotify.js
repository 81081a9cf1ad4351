/*! paynotify.js 0.1.0 | the browser client of paynotify | an ES module with no dependencies | MIT */
/*
 *   import { connect } from 'https://notify.shop.example/paynotify-0.1.0.js';
 *   const client = connect({ url: 'wss://notify.shop.example/notifications/ws', getToken: async () => {
 *     const response = await fetch('/my/token');
 *     if (!response.ok) throw Object.assign(new Error('token: ' + response.status), { status: response.status });
 *     return response.text();
 *   } });
 *   client.on('PAYMENT_CONFIRMED', (event) => { ... });   // {type, seq, data}, each seq once per page
 *   client.on('state', ({ state, code, reason, recovered }) => { ... });
 *   await client.ready();
 *
 * Built from clients/js/src by build.mjs (edit those, not this file). Parts, each behind a narrow
 * interface: Emitter (listeners), TokenSource (the one token path), Backoff (full jitter), Store (seq
 * and epoch per user), Link (the socket of the tab that holds it), TabShare (Web Locks +
 * BroadcastChannel), and Client (the API), which wires them. See README.md.
 */

export const VERSION = '0.1.0';

// src/errors.js
/** What went wrong, as the page sees it (`error` events, `lastError`, `ready()` rejections). */

/**
 * What went wrong: `kind` is 'token' (getToken threw, timed out or gave no JWT), 'auth' (signed out,
 * refused, another user), 'socket' (the connection failed or was lost) or 'server' (a close code
 * 4500-4999); `fatal` says the client stopped (`failed`).
 */
export class PaynotifyError extends Error {
  constructor(kind, message, code, fatal) {
    super(message);
    this.name = 'PaynotifyError';
    this.kind = kind;
    this.code = code;
    this.fatal = !!fatal;
  }
}

// src/tokens.js
/** The one token path: getToken, its time limit, and what its answer means. */

/** The user id of a JWT (its `sub` claim), or null when it is not a JWT with a string `sub`. */
function subject(token) {
  try {
    const part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    const sub = JSON.parse(json).sub;
    return typeof sub === 'string' && sub !== '' ? sub : null;
  } catch (e) {
    return null;
  }
}

/** getToken rejected because the user is not signed in (no point retrying). */
function isAuthError(e) {
  return !!e && (e.status === 401 || e.status === 403 || e.name === 'AuthError' || e.auth === true);
}

/**
 * The one token path: getToken with a time limit, its answer checked to be a JWT with a `sub`.
 * Rejects with a PaynotifyError: fatal only for an authentication error, every other failure is
 * transient (an error page instead of a token, a token endpoint that is down or slow).
 */
class TokenSource {
  constructor(getToken, timeoutMs) {
    this._getToken = getToken;
    this._timeoutMs = timeoutMs;
  }

  async next() {
    let token;
    let timer;
    try {
      token = await Promise.race([
        Promise.resolve().then(() => this._getToken()),
        new Promise((resolve, reject) => {
          timer = setTimeout(() => reject(new Error('no token within ' + this._timeoutMs + ' ms')), this._timeoutMs);
        }),
      ]);
    } catch (e) {
      if (isAuthError(e)) {
        throw new PaynotifyError('auth', 'getToken: ' + (e.message || 'not signed in'), e.status, true);
      }
      throw new PaynotifyError('token', 'getToken: ' + ((e && e.message) || 'failed'));
    } finally {
      clearTimeout(timer);
    }
    const user = subject(token);
    if (user === null) {
      throw new PaynotifyError('token', 'getToken: the answer is not a JWT with a sub claim');
    }
    return { token, user };
  }

  /**
   * The next good token, and the one retry of getToken: each transient failure goes to
   * `on.trouble(err)`, then, after the back-off's next delay, `on.again()` and another try. Rejects
   * with a fatal failure, or (kind 'cancelled') when `on.cancelled()` says after a wait.
   */
  async retrying(backoff, on) {
    for (;;) {
      try {
        return await this.next();
      } catch (err) {
        if (err.fatal) {
          throw err;
        }
        on.trouble(err);
      }
      await new Promise((resolve) => setTimeout(resolve, backoff.next()));
      if (on.cancelled()) {
        throw new PaynotifyError('cancelled', 'getToken: no longer needed');
      }
      on.again();
    }
  }
}

// src/emitter.js
/** The page's listeners. */

/** A listener's exception goes to the console as an uncaught one would, without stopping the others. */
function report(error) {
  if (typeof globalThis.reportError === 'function') {
    globalThis.reportError(error);
  } else {
    setTimeout(() => { throw error; }, 0);
  }
}

/** Listeners by type; `once` wrappers are removed by `off` with the original function. */
class Emitter {
  constructor() {
    this._map = new Map();
  }

  on(type, fn) {
    if (typeof fn !== 'function') {
      throw new TypeError('paynotify: on(type, fn) needs a function');
    }
    if (!this._map.has(type)) {
      this._map.set(type, new Set());
    }
    this._map.get(type).add(fn);
  }

  once(type, fn) {
    if (typeof fn !== 'function') {
      throw new TypeError('paynotify: once(type, fn) needs a function');
    }
    const wrapper = (value) => {
      this.off(type, wrapper);
      fn(value);
    };
    wrapper.original = fn;
    this.on(type, wrapper);
  }

  off(type, fn) {
    const set = this._map.get(type);
    if (set) {
      for (const f of set) {
        if (f === fn || f.original === fn) {
          set.delete(f);
        }
      }
    }
  }

  emit(type, value) {
    const set = this._map.get(type);
    for (const fn of set ? Array.from(set) : []) {
      try {
        fn(value);
      } catch (e) {
        report(e);
      }
    }
  }
}

// src/backoff.js
/** How long to wait before the next attempt. */

/** Full jitter: the n-th delay (from 0) is random() * min(cap, base * 2^n); reset by each READY. */
class Backoff {
  constructor(base, cap, random) {
    this._base = base;
    this._cap = cap;
    this._random = random;
    this._attempt = 0;
  }

  next() {
    const ceiling = Math.min(this._cap, this._base * 2 ** this._attempt);
    this._attempt++;
    return Math.floor(this._random() * ceiling);
  }

  reset() {
    this._attempt = 0;
  }
}

// src/store.js
/** What a browser remembers per user across pages. */

/** Last delivered seq and epoch per user, in localStorage (memory only where it is unavailable). */
const Store = {
  key: (user) => 'paynotify:' + user,
  load(user) {
    try {
      const v = JSON.parse(globalThis.localStorage.getItem(Store.key(user)));
      return v && typeof v === 'object' ? v : {};
    } catch (e) {
      return {};
    }
  },
  save(user, seq, epoch) {
    if (seq === null) {
      return;
    }
    try {
      const now = Store.load(user);
      if (now.epoch === epoch && typeof now.seq === 'number' && now.seq > seq) {
        return;
      }
      globalThis.localStorage.setItem(Store.key(user), JSON.stringify({ seq, epoch }));
    } catch (e) {
      // private mode, full, or no localStorage (Node): this page still dedupes in memory
    }
  },
};

// src/position.js
/** Where a page is in its user's event log. */

/**
 * The user, the last seq delivered to this page and the epoch of the log it belongs to, kept in the
 * Store per user. A READY of another log (another epoch, or a server behind the seq) resets the seq;
 * each seq passes once.
 */
class Position {
  constructor() {
    this.user = null;
    this.seq = null;
    this.epoch = null;
  }

  /** The user of a token: another one than before starts from what the Store kept for them. */
  forUser(user) {
    if (user === this.user) {
      return;
    }
    const stored = Store.load(user);
    this.seq = typeof stored.seq === 'number' ? stored.seq : null;
    this.epoch = typeof stored.epoch === 'string' ? stored.epoch : null;
    this.user = user;
  }

  /** READY on this tab's socket: `{recovered, reason}` for the `ready` state event. */
  ready(data) {
    let recovered = data.recovered !== false;
    let reason;
    const epoch = typeof data.epoch === 'string' ? data.epoch : this.epoch;
    if ((this.epoch !== null && epoch !== this.epoch) || (this.seq !== null && this.seq > data.lastSeq)) {
      this.seq = data.lastSeq;
      recovered = false;
      reason = 'the event log changed (epoch)';
    } else if (this.seq === null) {
      this.seq = data.lastSeq;
    }
    this.epoch = epoch;
    this.save();
    return { recovered, reason };
  }

  /** The holder's READY as a follower hears it (its epoch and seq): the same reset; the holder keeps the Store. */
  followReady(epoch, seq, recovered) {
    let result = recovered;
    if (typeof epoch === 'string' && this.epoch !== null && epoch !== this.epoch) {
      this.seq = seq;
      result = false;
    } else if (this.seq === null) {
      this.seq = seq;
    }
    if (typeof epoch === 'string') {
      this.epoch = epoch;
    }
    return result;
  }

  /** Whether the frame is new to this page; if so its seq is now the last one. */
  take(frame) {
    if (typeof frame.seq !== 'number' || (this.seq !== null && frame.seq <= this.seq)) {
      return false;
    }
    this.seq = frame.seq;
    return true;
  }

  save() {
    Store.save(this.user, this.seq, this.epoch);
  }
}

// src/tabs.js
/** One socket for all the tabs of a user. */

/**
 * The tabs of one user: Web Locks elect the holder of the socket (the browser hands the lock to
 * another tab when the holder closes or dies), a BroadcastChannel carries the holder's events and
 * state to the others. `onHold` runs when this tab becomes the holder; `onMessage` gets the others'.
 */
class TabShare {
  constructor(name, onHold, onMessage) {
    this._name = name;
    this._onHold = onHold;
    this._onMessage = onMessage;
    this._channel = null;
    this._abort = null;
    this._release = null;
  }

  static available() {
    return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && !!navigator.locks;
  }

  start() {
    this._channel = new BroadcastChannel(this._name);
    this._channel.onmessage = (m) => this._onMessage(m.data);
    this._abort = new AbortController();
    navigator.locks.request(this._name, { signal: this._abort.signal }, () => new Promise((resolve) => {
      this._release = resolve;
      if (!this._onHold()) {
        resolve();
      }
    })).catch(() => {});
    this.post({ t: 'hello' });
  }

  post(message) {
    try {
      if (this._channel) {
        this._channel.postMessage(message);
      }
    } catch (e) {
      // the channel is closed: this page is going away
    }
  }

  close() {
    this._abort.abort();
    if (this._release) {
      this._release();
    }
    this._channel.close();
    this._channel = null;
  }
}

// src/link.js
/** The socket of the tab that holds it. */

const PROTOCOL = 'paynotify.v1';
const BEARER = 'paynotify.bearer.';

/**
 * The socket of the tab that holds it: a fresh token and `since` for every connection, READY,
 * heartbeat, back-off, offline / online, and the close codes that end it. It knows nothing of the
 * client: `deps` gives it tokens ({token(cancelled)}: a good one, getToken's retries done inside;
 * rejecting with a fatal PaynotifyError, or 'cancelled' once `cancelled()`), the seq to resume
 * from ({since()}) and the REST check of a refused token ({refused(token)}); it reports to `sink`
 * ({state(state, code, reason)}, {ready(data)}, {event(frame)}, {error(err)}, {failed(err)}).
 */
class Link {
  constructor(options, backoff, deps, sink) {
    this._o = options;
    this._backoff = backoff;
    this._deps = deps;
    this._sink = sink;
    this._ws = null;
    this._stopped = false;
    this._opening = false;
    this._paused = typeof navigator !== 'undefined' && navigator.onLine === false;
    this._unopened = 0;
    this._timers = {};
    this._awaitingPong = false;
    this._onOnline = () => this._online();
    this._onOffline = () => this._offline();
  }

  start() {
    if (typeof window !== 'undefined' && window.addEventListener) {
      window.addEventListener('online', this._onOnline);
      window.addEventListener('offline', this._onOffline);
    }
    const tick = Math.max(10, Math.min(5000, Math.floor(this._o.timerJump / 3)));
    this._lastTick = Date.now();
    this._timers.tick = setInterval(() => this._tick(tick), tick);
    if (this._paused) {
      this._sink.state('disconnected', undefined, 'offline');
    } else {
      this._open();
    }
  }

  stop() {
    this._stopped = true;
    if (typeof window !== 'undefined' && window.removeEventListener) {
      window.removeEventListener('online', this._onOnline);
      window.removeEventListener('offline', this._onOffline);
    }
    clearInterval(this._timers.tick);
    clearTimeout(this._timers.retry);
    this._drop();
  }

  /** Drops the socket (if any) and connects again now, back-off reset. */
  reconnect() {
    if (this._stopped) {
      return;
    }
    this._paused = false;
    this._backoff.reset();
    clearTimeout(this._timers.retry);
    if (this._ws) {
      this._drop('reconnect() called', 'now');
    } else {
      this._open();
    }
  }

  /** A liveness check now (visible again after a long hidden spell, or the clock jumped: sleep). */
  check() {
    const ws = this._ws;
    if (!ws || ws.readyState !== 1 || this._awaitingPong) {
      return;
    }
    this._awaitingPong = true;
    ws.send('{"type":"PING"}');
    this._timers.pong = setTimeout(() => this._lost('no PONG from the server'), this._o.pongTimeout);
  }

  async _open() {
    if (this._stopped || this._paused || this._ws || this._opening) {
      return;
    }
    this._sink.state('connecting');
    this._opening = true;
    let token;
    try {
      token = await this._deps.token(() => this._stopped || this._paused);
    } catch (e) {
      this._opening = false;
      if (!this._stopped && e.kind !== 'cancelled') {
        this._fail(e);
      }
      return;
    }
    this._opening = false;
    if (!this._stopped && !this._paused && !this._ws) {
      this._connect(token);
    }
  }

  _connect(token) {
    const params = [];
    if (this._o.tokenIn === 'query') {
      params.push('token=' + encodeURIComponent(token));
    }
    const since = this._deps.since();
    if (since !== null) {
      params.push('since=' + since);
    }
    const url = this._o.url + (params.length ? (this._o.url.includes('?') ? '&' : '?') + params.join('&') : '');
    let ws;
    try {
      ws = this._o.tokenIn === 'query' ? new this._o.WebSocket(url) : new this._o.WebSocket(url, [PROTOCOL, BEARER + token]);
    } catch (e) {
      this._fail(new PaynotifyError('socket', 'cannot open ' + this._o.url + ': ' + e.message, undefined, true));
      return;
    }
    this._ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this._timers.ready = setTimeout(() => this._lost('no READY from the server', 'later'), this._o.readyTimeout);
    };
    ws.onmessage = (m) => this._frame(ws, m.data);
    ws.onclose = (e) => this._closed(ws, e, opened, token);
    ws.onerror = () => {}; // the close event follows and says what matters (an implementation may throw on an unhandled error)
  }

  _frame(ws, text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (ws !== this._ws || !frame || typeof frame !== 'object' || typeof frame.type !== 'string') {
      return;
    }
    if (frame.type === 'READY' && frame.data && typeof frame.data.lastSeq === 'number') {
      clearTimeout(this._timers.ready);
      this._backoff.reset();
      this._unopened = 0;
      clearInterval(this._timers.ping);
      this._timers.ping = setInterval(() => this.check(), this._o.pingInterval);
      this._sink.ready(frame.data);
    } else if (frame.type === 'PONG') {
      this._awaitingPong = false;
      clearTimeout(this._timers.pong);
    } else if (typeof frame.seq === 'number') {
      this._sink.event(frame);
    }
  }

  _closed(ws, e, opened, token) {
    if (ws !== this._ws) {
      return;
    }
    this._ws = null;
    this._clearSocketTimers();
    if (this._stopped) {
      return;
    }
    const reason = e.reason || undefined;
    if (e.code >= 4500 && e.code <= 4999) {
      this._fail(new PaynotifyError('server', e.reason || 'closed with ' + e.code, e.code, true));
      return;
    }
    if (e.code !== 4001 && e.code !== 1000) {
      this._sink.error(new PaynotifyError('socket', reason || (opened ? 'connection lost' : 'could not connect'), e.code));
    }
    this._sink.state('disconnected', e.code, reason);
    if (this._paused) {
      return;
    }
    if (e.code === 4001) {
      this._open();
    } else if (!opened && ++this._unopened >= 2) {
      this._checkToken(token);
    } else {
      this._schedule();
    }
  }

  /**
   * Two upgrades in a row failed before the socket opened, the second with a fresh token. Browsers hide
   * the status of a failed upgrade, so ask the REST side whether the token is refused (401): if so, stop.
   */
  _checkToken(token) {
    this._deps.refused(token).then((refused) => {
      if (this._stopped) {
        return;
      }
      if (refused) {
        this._fail(new PaynotifyError('auth', 'the server refuses the token, even a fresh one', 401, true));
      } else {
        this._schedule();
      }
    });
  }

  _schedule() {
    clearTimeout(this._timers.retry);
    this._timers.retry = setTimeout(() => this._open(), this._backoff.next());
  }

  _fail(err) {
    this.stop();
    this._sink.failed(err);
  }

  /** The socket is alive no longer (no PONG, no READY): an error, then reconnect 'now' or 'later'. */
  _lost(reason, when) {
    this._sink.error(new PaynotifyError('socket', reason));
    this._drop(reason, when || 'now');
  }

  /** Closes the socket without waiting for its close event; then reconnects 'now', 'later' (back-off) or not. */
  _drop(reason, reconnect) {
    const ws = this._ws;
    this._clearSocketTimers();
    if (!ws) {
      return;
    }
    this._ws = null;
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.onerror = () => {};
    try {
      ws.close(4000, reason ? reason.slice(0, 100) : 'closed');
    } catch (e) {
      // already closing
    }
    if (!this._stopped && reason) {
      this._sink.state('disconnected', undefined, reason);
      if (reconnect === 'now') {
        this._open();
      } else if (reconnect === 'later') {
        this._schedule();
      }
    }
  }

  _clearSocketTimers() {
    clearTimeout(this._timers.ready);
    clearTimeout(this._timers.pong);
    clearInterval(this._timers.ping);
    this._awaitingPong = false;
  }

  /** A tick far later than asked means the timers stood still (the machine slept): check the socket. */
  _tick(every) {
    const now = Date.now();
    if (now - this._lastTick > every + this._o.timerJump) {
      this.check();
    }
    this._lastTick = now;
  }

  _offline() {
    this._paused = true;
    clearTimeout(this._timers.retry);
    this._drop();
    this._sink.state('disconnected', undefined, 'offline');
  }

  _online() {
    if (this._stopped) {
      return;
    }
    this._paused = false;
    this._backoff.reset();
    clearTimeout(this._timers.retry);
    this._open();
  }
}

// src/settings.js
/** The options of connect(), with their defaults. */

/** Every interval, in ms; each may be given as an option of the same name (tests shorten them). */
const DEFAULTS = {
  pingInterval: 30000,
  pongTimeout: 10000,
  readyTimeout: 15000,
  tokenTimeout: 10000,
  backoffBase: 500,
  backoffCap: 30000,
  longHidden: 60000,
  timerJump: 30000,
};

/** The REST base of a WebSocket URL: wss://host/base/notifications/ws -> https://host/base. */
function apiUrlOf(url) {
  const u = new URL(url);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  u.pathname = u.pathname.replace(/\/notifications\/ws\/?$/, '');
  u.search = '';
  u.hash = '';
  return u.href.replace(/\/$/, '');
}

/** The options with their defaults, checked. */
function settings(options) {
  const o = Object.assign({}, options);
  for (const name of Object.keys(DEFAULTS)) {
    if (o[name] === undefined) {
      o[name] = DEFAULTS[name];
    } else if (typeof o[name] !== 'number' || !(o[name] > 0)) {
      throw new TypeError('paynotify: ' + name + ' must be a positive number of ms');
    }
  }
  if (o.tokenIn !== undefined && o.tokenIn !== 'protocol' && o.tokenIn !== 'query') {
    throw new TypeError("paynotify: tokenIn is 'protocol' (the default) or 'query'");
  }
  o.tokenIn = o.tokenIn || 'protocol';
  o.WebSocket = o.WebSocket || globalThis.WebSocket;
  if (typeof o.WebSocket !== 'function') {
    throw new TypeError('paynotify: no global WebSocket here (Node before 22): pass one as the WebSocket option');
  }
  try {
    o.apiUrl = (o.apiUrl || apiUrlOf(o.url)).replace(/\/$/, '');
  } catch (e) {
    throw new TypeError('paynotify: url must be an absolute ws:// or wss:// URL');
  }
  o.random = typeof o.random === 'function' ? o.random : Math.random;
  o.share = o.shareAcrossTabs !== false && TabShare.available();
  return o;
}

// src/client.js
/** The API a page uses, wiring the other parts. */

const FRESH_TOKEN_MS = 10000;
const STATES = ['connecting', 'ready', 'disconnected', 'failed', 'closed'];

/** Connects and returns the client; see README.md for the options. */
export function connect(options) {
  if (!options || typeof options.url !== 'string' || typeof options.getToken !== 'function') {
    throw new TypeError('paynotify: connect({ url, getToken }) needs a url string and a getToken function');
  }
  return new Client(options);
}

class Client {
  constructor(options) {
    this._o = settings(options);
    this._events = new Emitter();
    this._tokens = new TokenSource(this._o.getToken, this._o.tokenTimeout);
    this._backoff = new Backoff(this._o.backoffBase, this._o.backoffCap, this._o.random);
    this._state = 'connecting';
    this._emitted = null;
    this._lastError = null;
    this._waiters = [];
    this._pos = new Position();
    this._token = null;
    this._link = null;
    this._tabs = null;
    this._run = 0;
    this._hiddenAt = null;
    this._onVisibility = () => this._visibility();
    Promise.resolve().then(() => this._start(this._run));
  }

  get state() {
    return this._state;
  }

  get lastSeq() {
    return this._pos.seq;
  }

  get lastError() {
    return this._lastError;
  }

  /** Adds a listener for an event type, '*' (every event), 'state' or 'error'. */
  on(type, fn) {
    this._events.on(type, fn);
    return this;
  }

  /** Like `on`, removed after its first call. */
  once(type, fn) {
    this._events.once(type, fn);
    return this;
  }

  off(type, fn) {
    this._events.off(type, fn);
    return this;
  }

  /** Resolves with the `ready` state event at the next READY (at once when ready); rejects on `failed` or `closed`. */
  ready() {
    if (this._state === 'ready') {
      return Promise.resolve(this._stateEvent());
    }
    if (this._state === 'failed' || this._state === 'closed') {
      return Promise.reject(this._lastError || new PaynotifyError('closed', 'the client is ' + this._state));
    }
    return new Promise((resolve, reject) => this._waiters.push({ resolve, reject }));
  }

  /** Connects again now, back-off reset: the socket of this tab (or of the tab holding it), or a `failed` client from scratch. */
  reconnect() {
    if (this._state === 'closed') {
      return;
    }
    this._backoff.reset();
    if (this._state === 'failed') {
      this._teardown();
      this._run++;
      this._start(this._run);
    } else if (this._link) {
      this._link.reconnect();
    } else if (this._tabs) {
      this._tabs.post({ t: 'reconnect' });
    } else {
      this._run++;
      this._start(this._run);
    }
  }

  /** Stops for good (state `closed`): closes the socket, or leaves the tabs that share it. */
  close() {
    if (this._state === 'closed') {
      return;
    }
    this._teardown();
    if (typeof document !== 'undefined' && document.removeEventListener) {
      document.removeEventListener('visibilitychange', this._onVisibility);
    }
    this._setState('closed', 1000, 'closed by the page');
  }

  _teardown() {
    this._run++;
    if (this._link) {
      this._link.stop();
      this._link = null;
    }
    if (this._tabs) {
      this._tabs.close();
      this._tabs = null;
    }
  }

  _setState(state, code, reason, recovered) {
    const event = { state };
    if (code !== undefined) event.code = code;
    if (reason !== undefined) event.reason = reason;
    if (recovered !== undefined) event.recovered = recovered;
    this._state = state;
    if (this._link && this._tabs) {
      this._tabs.post({ t: 'state', event, epoch: this._pos.epoch, seq: this._pos.seq });
    }
    const key = JSON.stringify(event);
    if (key !== this._emitted) {
      this._emitted = key;
      this._emit('state', event);
    }
    this._settleWaiters(event);
  }

  _settleWaiters(event) {
    if (event.state !== 'ready' && event.state !== 'failed' && event.state !== 'closed') {
      return;
    }
    const waiters = this._waiters;
    this._waiters = [];
    const err = this._lastError && this._lastError.fatal ? this._lastError
      : new PaynotifyError('closed', 'the client is ' + event.state);
    waiters.forEach((w) => (event.state === 'ready' ? w.resolve(event) : w.reject(err)));
  }

  _emit(type, value) {
    this._events.emit(type, value);
  }

  _error(err) {
    this._lastError = err;
    if (this._link && this._tabs) {
      this._tabs.post({ t: 'error', kind: err.kind, message: err.message, code: err.code, fatal: err.fatal });
    }
    this._emit('error', err);
  }

  /** Learns the user from a first token, then holds the socket or joins the tabs that share one. */
  async _start(run) {
    if (run !== this._run) {
      return;
    }
    this._setState('connecting');
    let first;
    try {
      first = await this._tokens.retrying(this._backoff, this._tokenRetries(() => run !== this._run));
    } catch (err) {
      if (run === this._run) {
        this._failed(err);
      }
      return;
    }
    if (run !== this._run) {
      return;
    }
    this._pos.forUser(first.user);
    this._token = { value: first.token, at: Date.now() };
    if (typeof document !== 'undefined' && document.addEventListener) {
      document.addEventListener('visibilitychange', this._onVisibility);
    }
    if (this._o.share) {
      this._tabs = new TabShare('paynotify:' + this._o.url + ':' + this._pos.user, () => this._hold(),
        (m) => this._fromTab(m));
      this._tabs.start();
    } else {
      this._hold();
    }
  }

  /** What a failing getToken shows the page: an `error` event and `disconnected`, then `connecting` again. */
  _tokenRetries(cancelled) {
    return {
      trouble: (err) => {
        this._error(err);
        this._setState('disconnected', err.code, err.message);
      },
      again: () => this._setState('connecting'),
      cancelled,
    };
  }

  _failed(err) {
    this._lastError = err;
    this._emit('error', err);
    this._setState('failed', err.code, err.message);
  }

  /** This tab holds the socket (it won the lock, or tabs are not shared); false when it should not. */
  _hold() {
    if (this._state === 'failed' || this._state === 'closed') {
      return false;
    }
    this._link = new Link(this._o, this._backoff, {
      token: (cancelled) => this._nextToken(cancelled),
      since: () => this._pos.seq,
      refused: (token) => this._refused(token),
    }, {
      state: (state, code, reason) => this._setState(state, code, reason),
      ready: (data) => this._ready(data),
      event: (frame) => this._received(frame),
      error: (err) => this._error(err),
      failed: (err) => {
        if (this._tabs) {
          this._tabs.post({ t: 'error', kind: err.kind, message: err.message, code: err.code, fatal: true });
        }
        this._failed(err);
      },
    });
    this._link.start();
    return true;
  }

  /** The token of the first connection is the one that named the user, if still fresh; then getToken each time. */
  async _nextToken(cancelled) {
    const t = this._token;
    this._token = null;
    if (t && Date.now() - t.at < FRESH_TOKEN_MS) {
      return t.value;
    }
    const next = await this._tokens.retrying(this._backoff, this._tokenRetries(cancelled));
    if (next.user !== this._pos.user) {
      throw new PaynotifyError('auth', 'the token is for another user', undefined, true);
    }
    return next.token;
  }

  _refused(token) {
    return fetch(this._o.apiUrl + '/users/me/credits', { headers: { Authorization: 'Bearer ' + token } })
      .then((r) => r.status === 401, () => false);
  }

  /** What the other tabs say: the holder's events, state and errors, or a follower's hello / check / reconnect. */
  _fromTab(m) {
    if (!m || typeof m !== 'object' || this._state === 'closed') {
      return;
    }
    if (this._link) {
      if (m.t === 'hello') {
        this._tabs.post({ t: 'state', event: this._stateEvent(), epoch: this._pos.epoch, seq: this._pos.seq });
      } else if (m.t === 'check') {
        this._link.check();
      } else if (m.t === 'reconnect') {
        this._link.reconnect();
      }
    } else if (m.t === 'event' && m.frame) {
      this._deliver(m.frame);
    } else if (m.t === 'state' && m.event && STATES.includes(m.event.state)) {
      this._followState(m);
    } else if (m.t === 'error' && typeof m.message === 'string') {
      const err = new PaynotifyError(m.kind, m.message, m.code, m.fatal);
      this._lastError = err;
      this._emit('error', err);
    }
  }

  _stateEvent() {
    return this._emitted ? JSON.parse(this._emitted) : { state: this._state };
  }

  /** A follower takes the holder's state; a new epoch resets its seq as it does the holder's. */
  _followState(m) {
    const e = m.event;
    if (e.state === 'closed') {
      return; // the holder left; the lock passes to another tab
    }
    const recovered = e.state === 'ready' ? this._pos.followReady(m.epoch, m.seq, e.recovered) : e.recovered;
    this._setState(e.state, e.code, e.reason, recovered);
  }

  /** READY: adopt the server's epoch, reset a seq that belongs to another log, tell the app. */
  _ready(data) {
    const { recovered, reason } = this._pos.ready(data);
    this._setState('ready', undefined, reason, recovered);
  }

  /** An event frame from this tab's socket: shared with the other tabs, then delivered once. */
  _received(frame) {
    if (this._tabs) {
      this._tabs.post({ t: 'event', frame });
    }
    if (this._deliver(frame)) {
      this._pos.save();
    }
  }

  _deliver(frame) {
    if (!this._pos.take(frame)) {
      return false;
    }
    this._emit(frame.type, frame);
    this._emit('*', frame);
    return true;
  }

  /** Visible after a long hidden spell: the socket may be dead (sleep, network change); check it. */
  _visibility() {
    if (document.visibilityState === 'hidden') {
      this._hiddenAt = Date.now();
      return;
    }
    const long = this._hiddenAt !== null && Date.now() - this._hiddenAt > this._o.longHidden;
    this._hiddenAt = null;
    if (!long) {
      return;
    }
    if (this._link) {
      this._link.check();
    } else if (this._tabs) {
      this._tabs.post({ t: 'check' });
    }
  }
}
