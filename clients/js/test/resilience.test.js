import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { FakeServer, token, until, seeded } from './fake-server.js';
import { client, states, seqs } from './harness.js';

let server;
before(async () => { server = await FakeServer.start(); });
after(() => server.close());

/** The connections this test opened from now on: conn(0) is its first. */
function fromNow() {
  const base = server.connections.length;
  return (i, ms) => server.connection(base + i, ms);
}

test('reconnects with full jitter: the n-th delay is random() * min(cap, base * 2^n), reset by READY', async () => {
  const conn = fromNow();
  const random = seeded(7);
  const expected = seeded(7);
  const base = 40;
  const cap = 100;
  const c = client(server, { backoffBase: base, backoffCap: cap, random });
  const delays = [0, 1, 2, 3].map((n) => Math.floor(expected() * Math.min(cap, base * 2 ** n)));
  const gaps = [];
  for (let i = 0; i < 4; i++) {
    const socket = await conn(i);
    socket.close(1011, 'internal error');
    const closedAt = Date.now();
    await conn(i + 1);
    gaps.push(Date.now() - closedAt);
  }
  gaps.forEach((gap, n) => assert.ok(gap >= delays[n] - 2 && gap < delays[n] + 1000, `gap ${n}: ${gap} ms, delay ${delays[n]} ms`));
  const fifth = await conn(4);
  fifth.ready(0);
  await c.ready();
  const afterReady = Math.floor(expected() * base);
  fifth.close(1011, 'internal error');
  const closedAt = Date.now();
  await conn(5);
  assert.ok(Date.now() - closedAt < afterReady + 1000, 'the back-off starts over after READY');
  assert.equal(c.log.errors.filter((e) => e.kind === 'socket' && e.code === 1011).length, 5);
  c.close();
});

test('every connection after the first resumes with since = the last seq delivered', async () => {
  const conn = fromNow();
  const c = client(server, { backoffBase: 5, backoffCap: 5 });
  const first = await conn(0);
  assert.equal(first.since, null);
  first.ready(3);
  first.event(4);
  first.event(5);
  await until(() => c.log.events.length === 2);
  first.close(1001, 'going away');
  const second = await conn(1);
  assert.equal(second.since, '5');
  c.close();
});

test('each seq is delivered once: repeats and older seqs are dropped', async () => {
  const conn = fromNow();
  const c = client(server);
  const socket = await conn(0);
  socket.ready(3);
  [4, 4, 3, 2, 5, 5, 6].forEach((seq) => socket.event(seq));
  await until(() => c.lastSeq === 6);
  assert.equal(seqs(c), '4,5,6');
  c.close();
});

test('a READY of another epoch resets the seq and says recovered: false', async () => {
  const conn = fromNow();
  const c = client(server, { backoffBase: 5, backoffCap: 5 });
  const first = await conn(0);
  first.ready(8, 'old');
  first.event(9);
  await until(() => c.lastSeq === 9);
  first.close(1001, 'going away');
  const restored = await conn(1);
  assert.equal(restored.since, '9');
  restored.ready(1, 'new');
  await until(() => c.state === 'ready' && c.lastSeq === 1);
  const ready = c.log.states.at(-1);
  assert.equal(ready.recovered, false);
  assert.equal(ready.reason, 'the event log changed (epoch)');
  restored.event(2);
  await until(() => c.lastSeq === 2);
  assert.equal(seqs(c), '9,2');
  c.close();
});

test('4001 (token expired): a fresh token and an immediate reconnect with since, no back-off', async () => {
  const conn = fromNow();
  let n = 0;
  const c = client(server, { backoffBase: 60000, backoffCap: 60000, getToken: () => token('u1', { n: ++n }) });
  const first = await conn(0);
  first.ready(0);
  first.event(1);
  await until(() => c.lastSeq === 1);
  first.close(4001, 'token expired');
  const second = await conn(1, 2000);
  assert.equal(second.since, '1');
  assert.ok(second.protocols.includes(token('u1', { n: 2 })), 'the second connection carries a fresh token');
  assert.equal(c.log.errors.length, 0, 'an expired token is routine, not an error');
  const closed = c.log.states.find((s) => s.code === 4001);
  assert.equal(closed.state, 'disconnected');
  assert.equal(closed.reason, 'token expired');
  c.close();
});

test('a close code 4500-4999 fails for good: no reconnect, ready() rejects, lastError says why', async () => {
  const conn = fromNow();
  const c = client(server, { backoffBase: 1, backoffCap: 1 });
  const ready = c.ready();
  const socket = await conn(0);
  const count = server.connections.length;
  socket.close(4501, 'do not come back');
  await assert.rejects(ready, (e) => e.kind === 'server' && e.code === 4501 && e.fatal);
  assert.equal(c.state, 'failed');
  assert.equal(c.lastError.message, 'do not come back');
  assert.equal(states(c), 'connecting,failed');
  // a back-off of 1 ms would have reconnected many times over by the time 50 timers have run
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  assert.equal(server.connections.length, count);
  c.reconnect();
  (await conn(1)).ready(0);
  await c.ready();
  c.close();
});

test('a getToken that throws, times out or answers an error page is retried with back-off, never failed', async () => {
  const conn = fromNow();
  const answers = [
    () => { throw new Error('network down'); },
    () => new Promise(() => {}),
    () => '<html><body>502 Bad Gateway</body></html>',
    () => Promise.reject(Object.assign(new Error('Service Unavailable'), { status: 503 })),
  ];
  let calls = 0;
  const c = client(server, {
    backoffBase: 5, backoffCap: 10, tokenTimeout: 50,
    getToken: () => (calls < answers.length ? answers[calls++]() : (calls++, token('u1'))),
  });
  (await conn(0)).ready(0);
  await c.ready();
  assert.deepEqual(c.log.errors.map((e) => [e.kind, e.fatal, e.message]), [
    ['token', false, 'getToken: network down'],
    ['token', false, 'getToken: no token within 50 ms'],
    ['token', false, 'getToken: the answer is not a JWT with a sub claim'],
    ['token', false, 'getToken: Service Unavailable'],
  ]);
  assert.equal(states(c), 'connecting' + ',disconnected,connecting'.repeat(4) + ',ready');
  assert.equal(c.lastError.message, 'getToken: Service Unavailable');
  c.close();
});

test('a getToken failing later (a reconnect) is retried too; an authentication error fails', async () => {
  const conn = fromNow();
  let mode = 'ok';
  const c = client(server, {
    backoffBase: 5, backoffCap: 10,
    getToken: () => {
      if (mode === 'down') {
        mode = 'signed-out';
        throw new Error('token endpoint down');
      }
      if (mode === 'signed-out') {
        throw Object.assign(new Error('signed out'), { status: 401 });
      }
      return token('u1');
    },
  });
  const first = await conn(0);
  first.ready(0);
  await c.ready();
  mode = 'down';
  first.close(4001, 'token expired');
  await until(() => c.state === 'failed');
  assert.deepEqual(c.log.errors.map((e) => [e.kind, e.fatal]), [['token', false], ['auth', true]]);
  assert.deepEqual(c.log.states.at(-1).code, 401);
  assert.equal(c.log.states.at(-1).reason, 'getToken: signed out');
});

test('a token for another user fails for good', async () => {
  const conn = fromNow();
  let user = 'u1';
  const c = client(server, { backoffBase: 5, backoffCap: 5, getToken: () => token(user) });
  const first = await conn(0);
  first.ready(0);
  await c.ready();
  user = 'u2';
  first.close(4001, 'token expired');
  await until(() => c.state === 'failed');
  assert.equal(c.lastError.kind, 'auth');
  assert.equal(c.lastError.message, 'the token is for another user');
});

test('no PONG within pongTimeout: the socket is dropped and a new one opened at once', async () => {
  const conn = fromNow();
  const c = client(server, { pingInterval: 30, pongTimeout: 60, backoffBase: 60000, backoffCap: 60000 });
  const first = await conn(0);
  first.ready(0);
  await until(() => first.pings >= 3, 5000, 'answered pings');
  assert.equal(c.state, 'ready', 'answered pings keep the socket');
  first.answerPings = false;
  const second = await conn(1, 3000);
  assert.ok(c.log.errors.some((e) => e.message === 'no PONG from the server'));
  await until(() => first.closed);
  second.ready(0);
  await c.ready();
  c.close();
});

test('visible again after a long hidden spell: a PING at once checks the socket', async () => {
  const conn = fromNow();
  const doc = globalThis.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  try {
    const c = client(server, { longHidden: 40 });
    const socket = await conn(0);
    socket.ready(0);
    await c.ready();
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    assert.equal(socket.pings, 0, 'a short hidden spell checks nothing');
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    const hiddenAt = Date.now();
    await until(() => Date.now() - hiddenAt > 50);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    await until(() => socket.pings === 1, 2000, 'a PING');
    c.close();
  } finally {
    delete globalThis.document;
  }
});

test('timers that fire far too late (the machine slept): a PING checks the socket', async () => {
  const conn = fromNow();
  const c = client(server, { timerJump: 150 });
  const socket = await conn(0);
  socket.ready(0);
  await c.ready();
  await new Promise((resolve) => setTimeout(resolve, 120)); // a few ticks on time: no check
  assert.equal(socket.pings, 0);
  const asleepUntil = Date.now() + 400;
  while (Date.now() < asleepUntil) {
    // the event loop stands still, as every timer of a sleeping laptop does
  }
  await until(() => socket.pings === 1, 2000, 'a PING');
  c.close();
});
