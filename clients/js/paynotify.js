/*! paynotify.js 0.2.0 | the browser client of paynotify | an ES module with no dependencies | MIT */
/*
 *   import { connect } from 'https://notify.shop.example/paynotify.js';
 *   const client = connect({ url: 'wss://notify.shop.example/notifications/ws',
 *                            getToken: async () => (await fetch('/my/token')).text() });
 *   client.on('PAYMENT_CONFIRMED', (event) => { ... });   // {type, seq, data}, each seq once per page
 *   client.on('*', (event) => { ... });                   // every event
 *   client.on('state', ({ state, code, reason, recovered }) => { ... });
 *   client.off('PAYMENT_CONFIRMED', fn); client.state; client.lastSeq; client.close();
 *
 * The user comes from the token's `sub`; the last delivered seq and the log's epoch are kept per user
 * in localStorage, and every connection resumes with `since`. The tabs of one user share one socket
 * (Web Locks elect a holder, BroadcastChannel carries its events and state); see README.md.
 */

export const VERSION = '0.2.0';

const PING_EVERY_MS = 30000;
const PONG_WITHIN_MS = 10000;
const READY_WITHIN_MS = 15000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30000;
const TICK_MS = 5000;
const TIMER_JUMP_MS = 30000;
const LONG_HIDDEN_MS = 60000;
const FRESH_TOKEN_MS = 10000;
const STATES = ['connecting', 'ready', 'disconnected', 'failed'];

/** Connects and returns the client; see README.md for the options. */
export function connect(options) {
  if (!options || typeof options.url !== 'string' || typeof options.getToken !== 'function') {
    throw new TypeError('paynotify: connect({ url, getToken }) needs a url string and a getToken function');
  }
  return new Client(options);
}

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

function report(error) {
  setTimeout(() => { throw error; }, 0);
}

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
      // private mode or full: this page still dedupes in memory
    }
  },
};

class Client {
  constructor(options) {
    this._url = options.url;
    this._getToken = options.getToken;
    this._share = options.shareAcrossTabs !== false && typeof BroadcastChannel === 'function'
      && typeof navigator !== 'undefined' && !!navigator.locks;
    this._listeners = new Map();
    this._state = 'connecting';
    this._emitted = null;
    this._lastSeq = null;
    this._epoch = null;
    this._user = null;
    this._closed = false;
    this._link = null;
    this._channel = null;
    this._release = null;
    this._abort = null;
    this._token = null;
    this._attempts = 0;
    this._retry = null;
    this._hiddenAt = null;
    this._onVisibility = () => this._visibility();
    Promise.resolve().then(() => this._start());
  }

  get state() {
    return this._state;
  }

  get lastSeq() {
    return this._lastSeq;
  }

  /** Adds a listener for an event type, '*' (every event) or 'state'. */
  on(type, fn) {
    if (typeof fn !== 'function') {
      throw new TypeError('paynotify: on(type, fn) needs a function');
    }
    if (!this._listeners.has(type)) {
      this._listeners.set(type, new Set());
    }
    this._listeners.get(type).add(fn);
    return this;
  }

  off(type, fn) {
    const set = this._listeners.get(type);
    if (set) {
      set.delete(fn);
    }
    return this;
  }

  /** Stops for good: closes the socket (or leaves the tabs that share it) and drops every timer. */
  close() {
    if (this._closed) {
      return;
    }
    this._closed = true;
    clearTimeout(this._retry);
    this._stopLink();
    if (this._abort) {
      this._abort.abort();
    }
    if (this._release) {
      this._release();
    }
    if (this._channel) {
      this._channel.close();
    }
    if (typeof document !== 'undefined') {
      document.removeEventListener('visibilitychange', this._onVisibility);
    }
    this._setState('disconnected', 1000, 'closed by the page');
  }

  _emit(type, value) {
    const set = this._listeners.get(type);
    if (set) {
      for (const fn of Array.from(set)) {
        try {
          fn(value);
        } catch (e) {
          report(e);
        }
      }
    }
  }

  _setState(state, code, reason, recovered) {
    const event = { state };
    if (code !== undefined) event.code = code;
    if (reason !== undefined) event.reason = reason;
    if (recovered !== undefined) event.recovered = recovered;
    const key = JSON.stringify(event);
    this._state = state;
    if (this._link) {
      this._post({ t: 'state', event, epoch: this._epoch, seq: this._lastSeq });
    }
    if (key !== this._emitted) {
      this._emitted = key;
      this._emit('state', event);
    }
  }

  /** Learns the user from a first token, then holds the socket or joins the tabs that share one. */
  async _start() {
    if (this._closed) {
      return;
    }
    this._setState('connecting');
    let token;
    try {
      token = await this._getToken();
    } catch (e) {
      this._tokenFailed(e, () => this._start());
      return;
    }
    const user = subject(token);
    if (user === null) {
      this._setState('failed', undefined, 'the token is not a JWT with a sub claim');
      return;
    }
    this._user = user;
    this._token = { value: token, at: Date.now() };
    const stored = Store.load(user);
    this._lastSeq = typeof stored.seq === 'number' ? stored.seq : null;
    this._epoch = typeof stored.epoch === 'string' ? stored.epoch : null;
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', this._onVisibility);
    }
    if (this._share) {
      this._joinTabs();
    } else {
      this._hold();
    }
  }

  /** A rejecting getToken: an authentication error fails for good, anything else is retried with back-off. */
  _tokenFailed(e, again) {
    if (this._closed) {
      return;
    }
    if (isAuthError(e)) {
      this._setState('failed', e.status, 'getToken: ' + (e.message || 'not signed in'));
      return;
    }
    this._setState('disconnected', undefined, 'getToken: ' + ((e && e.message) || 'failed'));
    this._retry = setTimeout(again, this._backoff());
  }

  /** Full jitter: a random delay up to min(cap, base * 2^attempt). */
  _backoff() {
    this._attempts++;
    return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this._attempts);
  }

  _freshToken() {
    const t = this._token;
    this._token = null;
    return t && Date.now() - t.at < FRESH_TOKEN_MS ? t.value : null;
  }

  _joinTabs() {
    const name = 'paynotify:' + this._url + ':' + this._user;
    this._channel = new BroadcastChannel(name);
    this._channel.onmessage = (m) => this._fromTab(m.data);
    this._abort = new AbortController();
    navigator.locks.request(name, { signal: this._abort.signal }, () => {
      if (this._closed || this._state === 'failed') {
        return undefined;
      }
      return new Promise((resolve) => {
        this._release = resolve;
        this._hold();
      });
    }).catch(() => {});
    this._post({ t: 'hello' });
  }

  _post(message) {
    if (this._channel) {
      try {
        this._channel.postMessage(message);
      } catch (e) {
        // the channel is closed: this page is going away
      }
    }
  }

  /** What the other tabs say: the holder's events and state, or a follower's hello / liveness request. */
  _fromTab(m) {
    if (!m || typeof m !== 'object' || this._closed) {
      return;
    }
    if (this._link) {
      if (m.t === 'hello') {
        this._post({ t: 'state', event: this._stateEvent(), epoch: this._epoch, seq: this._lastSeq });
      } else if (m.t === 'check') {
        this._link.check();
      }
      return;
    }
    if (m.t === 'event' && m.frame) {
      this._deliver(m.frame);
    } else if (m.t === 'state' && m.event && STATES.includes(m.event.state)) {
      this._followState(m);
    }
  }

  _stateEvent() {
    return this._emitted ? JSON.parse(this._emitted) : { state: this._state };
  }

  /** A follower takes the holder's state; a new epoch resets its seq as it does the holder's. */
  _followState(m) {
    const e = m.event;
    let recovered = e.recovered;
    if (e.state === 'ready') {
      if (typeof m.epoch === 'string' && this._epoch !== null && m.epoch !== this._epoch) {
        this._lastSeq = m.seq;
        recovered = false;
      } else if (this._lastSeq === null) {
        this._lastSeq = m.seq;
      }
      if (typeof m.epoch === 'string') {
        this._epoch = m.epoch;
      }
    }
    this._setState(e.state, e.code, e.reason, recovered);
  }

  /** This tab holds the socket (it won the lock, or tabs are not shared). */
  _hold() {
    if (this._closed) {
      return;
    }
    this._link = new Link(this, this._freshToken());
    this._link.start();
  }

  _stopLink() {
    if (this._link) {
      this._link.stop();
      this._link = null;
    }
  }

  /** READY: adopt the server's epoch, reset a seq that belongs to another log, tell the app. */
  _ready(data) {
    let recovered = data.recovered !== false;
    let reason;
    const epoch = typeof data.epoch === 'string' ? data.epoch : this._epoch;
    const otherLog = (this._epoch !== null && epoch !== this._epoch)
      || (this._lastSeq !== null && this._lastSeq > data.lastSeq);
    if (otherLog) {
      this._lastSeq = data.lastSeq;
      recovered = false;
      reason = 'the event log changed (epoch)';
    } else if (this._lastSeq === null) {
      this._lastSeq = data.lastSeq;
    }
    this._epoch = epoch;
    Store.save(this._user, this._lastSeq, this._epoch);
    this._setState('ready', undefined, reason, recovered);
  }

  /** An event frame from this tab's socket: shared with the other tabs, then delivered once. */
  _received(frame) {
    this._post({ t: 'event', frame });
    if (this._deliver(frame)) {
      Store.save(this._user, this._lastSeq, this._epoch);
    }
  }

  _deliver(frame) {
    if (typeof frame.seq !== 'number' || (this._lastSeq !== null && frame.seq <= this._lastSeq)) {
      return false;
    }
    this._lastSeq = frame.seq;
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
    const long = this._hiddenAt !== null && Date.now() - this._hiddenAt > LONG_HIDDEN_MS;
    this._hiddenAt = null;
    if (!long) {
      return;
    }
    if (this._link) {
      this._link.check();
    } else {
      this._post({ t: 'check' });
    }
  }
}

/**
 * The socket of the tab that holds it: connect with a fresh token and `since`, READY, heartbeat,
 * back-off, offline / online, and the close codes that end it.
 */
class Link {
  constructor(client, token) {
    this._c = client;
    this._token = token;
    this._ws = null;
    this._stopped = false;
    this._paused = typeof navigator !== 'undefined' && navigator.onLine === false;
    this._unopened = 0;
    this._timers = {};
    this._awaitingPong = false;
    this._lastTick = Date.now();
    this._onOnline = () => this._online();
    this._onOffline = () => this._offline();
  }

  start() {
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this._onOnline);
      window.addEventListener('offline', this._onOffline);
    }
    this._timers.tick = setInterval(() => this._tick(), TICK_MS);
    if (this._paused) {
      this._c._setState('disconnected', undefined, 'offline');
    } else {
      this._open();
    }
  }

  stop() {
    this._stopped = true;
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this._onOnline);
      window.removeEventListener('offline', this._onOffline);
    }
    clearInterval(this._timers.tick);
    clearTimeout(this._timers.retry);
    this._drop();
  }

  async _open() {
    if (this._stopped || this._paused || this._ws) {
      return;
    }
    const c = this._c;
    c._setState('connecting');
    let token = this._token;
    this._token = null;
    if (!token) {
      try {
        token = await c._getToken();
      } catch (e) {
        if (!this._stopped) {
          this._retryAfterTokenFailure(e);
        }
        return;
      }
    }
    if (this._stopped || this._paused || this._ws) {
      return;
    }
    if (subject(token) !== c._user) {
      this._fail(undefined, 'the token is for another user');
      return;
    }
    this._connect(token);
  }

  _retryAfterTokenFailure(e) {
    if (isAuthError(e)) {
      this._fail(e.status, 'getToken: ' + (e.message || 'not signed in'));
      return;
    }
    this._c._setState('disconnected', undefined, 'getToken: ' + ((e && e.message) || 'failed'));
    this._schedule();
  }

  _connect(token) {
    const c = this._c;
    const query = 'token=' + encodeURIComponent(token) + (c._lastSeq === null ? '' : '&since=' + c._lastSeq);
    let ws;
    try {
      ws = new WebSocket(c._url + (c._url.includes('?') ? '&' : '?') + query);
    } catch (e) {
      this._fail(undefined, 'bad url: ' + e.message);
      return;
    }
    this._ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this._timers.ready = setTimeout(() => this._drop('no READY from the server', 'later'), READY_WITHIN_MS);
    };
    ws.onmessage = (m) => this._frame(ws, m.data);
    ws.onclose = (e) => this._closed(ws, e, opened, token);
  }

  _frame(ws, text) {
    if (ws !== this._ws) {
      return;
    }
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') {
      return;
    }
    if (frame.type === 'READY' && frame.data && typeof frame.data.lastSeq === 'number') {
      clearTimeout(this._timers.ready);
      this._c._attempts = 0;
      this._unopened = 0;
      clearInterval(this._timers.ping);
      this._timers.ping = setInterval(() => this._ping(PONG_WITHIN_MS), PING_EVERY_MS);
      this._c._ready(frame.data);
    } else if (frame.type === 'PONG') {
      this._awaitingPong = false;
      clearTimeout(this._timers.pong);
    } else if (typeof frame.seq === 'number') {
      this._c._received(frame);
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
    if (e.code >= 4500 && e.code <= 4999) {
      this._fail(e.code, e.reason);
      return;
    }
    this._c._setState('disconnected', e.code, e.reason || undefined);
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
    const base = this._c._url.replace(/^ws/, 'http').replace(/\/notifications\/ws(\?.*)?$/, '');
    fetch(base + '/users/me/credits', { headers: { Authorization: 'Bearer ' + token } })
      .then((r) => r.status === 401, () => false)
      .then((refused) => {
        if (this._stopped) {
          return;
        }
        if (refused) {
          this._fail(401, 'the server refuses the token, even a fresh one');
        } else {
          this._schedule();
        }
      });
  }

  _schedule() {
    clearTimeout(this._timers.retry);
    this._timers.retry = setTimeout(() => this._open(), this._c._backoff());
  }

  _fail(code, reason) {
    this.stop();
    this._c._setState('failed', code, reason);
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
    try {
      ws.close(4000, reason ? reason.slice(0, 100) : 'closed');
    } catch (e) {
      // already closing
    }
    if (!this._stopped && reason) {
      this._c._setState('disconnected', undefined, reason);
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

  /** Sends a PING; no PONG within {@code within} ms means the socket is dead: reconnect now. */
  _ping(within) {
    const ws = this._ws;
    if (!ws || ws.readyState !== 1 || this._awaitingPong) {
      return;
    }
    this._awaitingPong = true;
    ws.send('{"type":"PING"}');
    this._timers.pong = setTimeout(() => this._drop('no PONG from the server', 'now'), within);
  }

  /** A liveness check now (visible again after a long hidden spell, or the clock jumped: sleep). */
  check() {
    this._ping(PONG_WITHIN_MS);
  }

  _tick() {
    const now = Date.now();
    if (now - this._lastTick > TICK_MS + TIMER_JUMP_MS) {
      this.check();
    }
    this._lastTick = now;
  }

  _offline() {
    this._paused = true;
    clearTimeout(this._timers.retry);
    this._drop();
    this._c._setState('disconnected', undefined, 'offline');
  }

  _online() {
    if (this._stopped) {
      return;
    }
    this._paused = false;
    this._c._attempts = 0;
    clearTimeout(this._timers.retry);
    this._open();
  }
}
