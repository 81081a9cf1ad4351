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
export class Emitter {
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
