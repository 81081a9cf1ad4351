/** The one token path: getToken, its time limit, and what its answer means. */
import { PaynotifyError } from './errors.js';

/** The user id of a JWT (its `sub` claim), or null when it is not a JWT with a string `sub`. */
export function subject(token) {
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
export class TokenSource {
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
