/** Where a page is in its user's event log. */
import { Store } from './store.js';

/**
 * The user, the last seq delivered to this page and the epoch of the log it belongs to, kept in the
 * Store per user. A READY of another log (another epoch, or a server behind the seq) resets the seq;
 * each seq passes once.
 */
export class Position {
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
