// Starts a client against a FakeServer and records what it tells the page.
import { WebSocket } from 'ws';
import { connect } from '../paynotify.js';
import { token } from './fake-server.js';

/** A client of `server` for user `u1` (override any option), with its states, events and errors recorded. */
export function client(server, options = {}) {
  const log = { states: [], events: [], errors: [], tokens: 0 };
  const c = connect({
    url: server.url,
    WebSocket,
    shareAcrossTabs: false,
    getToken: () => {
      log.tokens++;
      return token('u1');
    },
    ...options,
  });
  c.on('state', (s) => log.states.push({ ...s, at: Date.now() }));
  c.on('*', (e) => log.events.push(e));
  c.on('error', (e) => log.errors.push(e));
  c.log = log;
  return c;
}

export function states(c) {
  return c.log.states.map((s) => s.state).join(',');
}

export function seqs(c) {
  return c.log.events.map((e) => e.seq).join(',');
}
