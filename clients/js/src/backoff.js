/** How long to wait before the next attempt. */

/** Full jitter: the n-th delay (from 0) is random() * min(cap, base * 2^n); reset by each READY. */
export class Backoff {
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
