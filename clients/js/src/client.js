/** The API a page uses, wiring the other parts. */
import { Backoff } from './backoff.js';
import { Emitter } from './emitter.js';
import { PaynotifyError } from './errors.js';
import { Link } from './link.js';
import { settings } from './settings.js';
import { Position } from './position.js';
import { TabShare } from './tabs.js';
import { TokenSource } from './tokens.js';

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
