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
