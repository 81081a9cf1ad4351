/** The options of connect(), with their defaults. */
import { TabShare } from './tabs.js';

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
export function settings(options) {
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
