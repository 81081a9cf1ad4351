import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { connect, PaynotifyError, VERSION } from '../paynotify.js';
import { FakeServer, token, until } from './fake-server.js';
import { client, states, seqs } from './harness.js';

let server;
before(async () => { server = await FakeServer.start(); });
after(() => server.close());

test('goes connecting, ready, then closed on close(); ready() resolves at the first READY', async () => {
  const c = client(server);
  const ready = c.ready();
  const conn = await server.connection(server.connections.length);
  assert.equal(c.state, 'connecting');
  conn.ready(0);
  const event = await ready;
  assert.equal(event.state, 'ready');
  assert.equal(event.recovered, true);
  assert.equal(c.state, 'ready');
  c.close();
  assert.equal(c.state, 'closed');
  assert.deepEqual(c.log.states.at(-1), { state: 'closed', code: 1000, reason: 'closed by the page', at: c.log.states.at(-1).at });
  assert.equal(states(c), 'connecting,ready,closed');
  await until(() => conn.closed, 5000, 'the socket to close');
  await assert.rejects(c.ready(), (e) => e instanceof PaynotifyError);
});

test('sends the token in Sec-WebSocket-Protocol beside paynotify.v1, never in the URL', async () => {
  const n = server.connections.length;
  const c = client(server);
  const conn = await server.connection(n);
  assert.deepEqual(conn.protocols.split(',').map((p) => p.trim()), ['paynotify.v1', 'paynotify.bearer.' + token('u1')]);
  assert.equal(conn.protocol, 'paynotify.v1');
  assert.equal(conn.url.searchParams.get('token'), null);
  assert.ok(!server.upgrades.at(-1).includes(token('u1').split('.')[1]));
  c.close();
});

test("tokenIn: 'query' puts the token in the URL for a server without the sub-protocol", async () => {
  const n = server.connections.length;
  const c = client(server, { tokenIn: 'query' });
  const conn = await server.connection(n);
  assert.equal(conn.url.searchParams.get('token'), token('u1'));
  assert.equal(conn.protocols, '');
  c.close();
});

test('once() runs a listener one time; off() removes it, also before it ran', async () => {
  const n = server.connections.length;
  const c = client(server);
  const once = [];
  const never = [];
  const neverFn = (e) => never.push(e);
  c.once('PAYMENT_CONFIRMED', (e) => once.push(e.seq)).once('PAYMENT_CONFIRMED', neverFn).off('PAYMENT_CONFIRMED', neverFn);
  const conn = await server.connection(n);
  conn.ready(0);
  conn.event(1);
  conn.event(2);
  await until(() => c.log.events.length === 2);
  assert.deepEqual(once, [1]);
  assert.deepEqual(never, []);
  c.close();
});

test('reconnect() drops the socket and connects again at once, back-off or not', async () => {
  const n = server.connections.length;
  const c = client(server, { backoffBase: 60000, backoffCap: 60000 });
  const first = await server.connection(n);
  first.ready(0);
  await c.ready();
  c.reconnect();
  const second = await server.connection(n + 1, 2000);
  await until(() => first.closed);
  second.ready(0);
  await c.ready();
  assert.equal(states(c), 'connecting,ready,disconnected,connecting,ready');
  c.close();
});

test('apiUrl defaults to the http(s) origin and path of the WebSocket URL, and can be given', async () => {
  // seen through the refused-token check: two upgrades refused, then GET <apiUrl>/users/me/credits says 401.
  // The user stays refused after the test: an upgrade the closed clients had in flight is refused too,
  // instead of turning up as a later test's connection.
  server.refused.add('refused-api');
  const options = { backoffBase: 5, backoffCap: 5, getToken: () => token('refused-api') };
  const c = client(server, options);
  await assert.rejects(c.ready(), (e) => e.kind === 'auth' && e.code === 401 && e.fatal);
  assert.equal(c.state, 'failed');
  assert.ok(server.restChecks >= 1);
  const wrong = client(server, { ...options, apiUrl: 'http://127.0.0.1:1' });
  await until(() => wrong.log.errors.length >= 4, 5000, 'more refused upgrades');
  assert.notEqual(wrong.state, 'failed', 'an unreachable apiUrl does not say the token is refused');
  wrong.close();
});

test('refuses options it cannot use', () => {
  assert.throws(() => connect({ url: server.url }), TypeError);
  assert.throws(() => connect({ url: 'not a url', getToken: () => 't', WebSocket }), TypeError);
  assert.throws(() => connect({ url: server.url, getToken: () => 't', WebSocket, pingInterval: -1 }), TypeError);
  assert.throws(() => connect({ url: server.url, getToken: () => 't', WebSocket, tokenIn: 'cookie' }), TypeError);
  if (typeof globalThis.WebSocket !== 'function') {
    assert.throws(() => connect({ url: server.url, getToken: () => 't' }), /WebSocket option/);
  }
  assert.match(VERSION, /^\d+\.\d+\.\d+/);
});

test('a listener that throws does not stop the others; a frame that is not JSON is ignored', async () => {
  const n = server.connections.length;
  const c = client(server);
  const thrown = [];
  const before = globalThis.reportError;
  globalThis.reportError = (e) => thrown.push(e);
  try {
    c.on('PAYMENT_CONFIRMED', () => { throw new Error('a page bug'); });
    const conn = await server.connection(n);
    conn.ready(0);
    conn.ws.send('not json');
    conn.event(1);
    await until(() => c.log.events.length === 1 && thrown.length === 1);
    assert.equal(seqs(c), '1');
  } finally {
    globalThis.reportError = before;
    c.close();
  }
});
