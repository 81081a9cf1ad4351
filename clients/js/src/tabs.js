/** One socket for all the tabs of a user. */

/**
 * The tabs of one user: Web Locks elect the holder of the socket (the browser hands the lock to
 * another tab when the holder closes or dies), a BroadcastChannel carries the holder's events and
 * state to the others. `onHold` runs when this tab becomes the holder; `onMessage` gets the others'.
 */
export class TabShare {
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
