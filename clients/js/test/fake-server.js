// A stand-in paynotify node for the unit tests: the WebSocket endpoint (ws) and GET /users/me/credits.
import http from 'node:http';
import { WebSocketServer } from 'ws';

/** An unsigned JWT for `sub` (the client only reads the claims; the fake server checks nothing else). */
export function token(sub, extra = {}) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return part({ alg: 'HS256', typ: 'JWT' }) + '.' + part({ sub, exp: 4102444800, ...extra }) + '.c2lnbmF0dXJl';
}

export function subOf(jwt) {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).sub;
  } catch (e) {
    return null;
  }
}

/** Resolves once `condition()` is truthy (polled), or rejects after `ms`. */
export async function until(condition, ms = 5000, what = 'a condition') {
  const end = Date.now() + ms;
  for (;;) {
    const value = condition();
    if (value) {
      return value;
    }
    if (Date.now() > end) {
      throw new Error('timed out waiting for ' + what);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** mulberry32: a seeded random in [0, 1), so a test knows every back-off delay in advance. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One accepted socket: what the client sent in the upgrade, its frames, and the server's moves. */
class Connection {
  constructor(ws, request) {
    this.ws = ws;
    this.url = new URL(request.url, 'http://x');
    this.protocols = String(request.headers['sec-websocket-protocol'] || '');
    this.protocol = ws.protocol;
    this.frames = [];
    this.closed = false;
    this.answerPings = true;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      this.frames.push(frame);
      if (frame.type === 'PING' && this.answerPings) {
        this.send({ type: 'PONG' });
      }
    });
    ws.on('close', () => { this.closed = true; });
  }

  get since() {
    return this.url.searchParams.get('since');
  }

  get pings() {
    return this.frames.filter((f) => f.type === 'PING').length;
  }

  send(frame) {
    this.ws.send(JSON.stringify(frame));
  }

  ready(lastSeq = 0, epoch = 'e1', recovered = true) {
    this.send({ type: 'READY', data: { userId: 'u', lastSeq, epoch, recovered } });
  }

  event(seq, type = 'PAYMENT_CONFIRMED') {
    this.send({ type, seq, data: { paymentId: 'p' + seq } });
  }

  close(code, reason) {
    this.ws.close(code, reason);
  }
}

export class FakeServer {
  /** `refused`: users whose upgrades get 401 and whose tokens /users/me/credits answers with 401. */
  static async start() {
    const server = new FakeServer();
    await new Promise((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  constructor() {
    this.connections = [];
    this.upgrades = [];
    this.refused = new Set();
    this.restChecks = 0;
    this.http = http.createServer((req, res) => {
      this.restChecks++;
      const auth = String(req.headers.authorization || '');
      res.statusCode = req.url === '/users/me/credits' && !this.refused.has(subOf(auth.slice(7))) ? 200 : 401;
      res.end('{}');
    });
    this.wss = new WebSocketServer({
      server: this.http,
      handleProtocols: (protocols) => (protocols.has('paynotify.v1') ? 'paynotify.v1' : false),
      verifyClient: (info, answer) => {
        this.upgrades.push(info.req.url);
        const offered = String(info.req.headers['sec-websocket-protocol'] || '').split(',').map((p) => p.trim());
        const bearer = offered.find((p) => p.startsWith('paynotify.bearer.'));
        const jwt = bearer ? bearer.slice('paynotify.bearer.'.length) : new URL(info.req.url, 'http://x').searchParams.get('token');
        if (this.refused.has(subOf(jwt))) {
          answer(false, 401);
        } else {
          answer(true);
        }
      },
    });
    this.wss.on('connection', (ws, request) => this.connections.push(new Connection(ws, request)));
  }

  get url() {
    return 'ws://127.0.0.1:' + this.http.address().port + '/notifications/ws';
  }

  /** The n-th accepted connection (from 0), once it is there. */
  connection(n, ms = 5000) {
    return until(() => this.connections[n], ms, 'connection ' + n);
  }

  async close() {
    for (const c of this.wss.clients) {
      c.terminate();
    }
    await new Promise((resolve) => this.wss.close(resolve));
    await new Promise((resolve) => this.http.close(resolve));
  }
}
