/** The socket of the tab that holds it. */
import { PaynotifyError } from './errors.js';

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
export class Link {
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
