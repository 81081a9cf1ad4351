// Joins src/ into paynotify.js, the one file that ships: `node build.mjs`. No dependencies; the
// modules' own imports are dropped (they all end up in one scope) and only the public names stay
// exported. test/build.test.js fails when paynotify.js is not what this makes of src/.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Each module after the ones it imports. */
const ORDER = ['errors', 'tokens', 'emitter', 'backoff', 'store', 'position', 'tabs', 'link', 'settings', 'client'];
const PUBLIC = new Set(['connect', 'PaynotifyError']);

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');

function banner(version) {
  return `/*! paynotify.js ${version} | the browser client of paynotify | an ES module with no dependencies | MIT */
/*
 *   import { connect } from 'https://notify.shop.example/paynotify-${version}.js';
 *   const client = connect({ url: 'wss://notify.shop.example/notifications/ws', getToken: async () => {
 *     const response = await fetch('/my/token');
 *     if (!response.ok) throw Object.assign(new Error('token: ' + response.status), { status: response.status });
 *     return response.text();
 *   } });
 *   client.on('PAYMENT_CONFIRMED', (event) => { ... });   // {type, seq, data}, each seq once per page
 *   client.on('state', ({ state, code, reason, recovered }) => { ... });
 *   await client.ready();
 *
 * Built from clients/js/src by build.mjs (edit those, not this file). Parts, each behind a narrow
 * interface: Emitter (listeners), TokenSource (the one token path), Backoff (full jitter), Store (seq
 * and epoch per user), Link (the socket of the tab that holds it), TabShare (Web Locks +
 * BroadcastChannel), and Client (the API), which wires them. See README.md.
 */
`;
}

function module(name) {
  const text = read(`./src/${name}.js`)
    .replace(/^import \{[^}]*\} from '\.\/\w+\.js';\n/gm, '')
    .replace(/^export (const|function|class) (\w+)/gm, (all, kind, id) => (PUBLIC.has(id) ? all : `${kind} ${id}`));
  return `// src/${name}.js\n${text.trim()}\n`;
}

/** The text of paynotify.js. */
export function bundle() {
  const version = /^export const VERSION = '([^']+)';$/m.exec(read('./src/index.js'))[1];
  const declared = JSON.parse(read('./package.json')).version;
  if (version !== declared) {
    throw new Error(`src/index.js says VERSION ${version}, package.json ${declared}`);
  }
  return `${banner(version)}\nexport const VERSION = '${version}';\n\n${ORDER.map(module).join('\n')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('./paynotify.js', import.meta.url), bundle());
}
