import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bundle } from '../build.mjs';
import * as built from '../paynotify.js';
import * as source from '../src/index.js';

test('paynotify.js is what build.mjs makes of src/ (run `npm run build` after editing src/)', () => {
  assert.equal(readFileSync(new URL('../paynotify.js', import.meta.url), 'utf8'), bundle());
});

test('the built file exports what src/index.js exports, and nothing else', () => {
  assert.deepEqual(Object.keys(built).sort(), Object.keys(source).sort());
  assert.equal(built.VERSION, source.VERSION);
});
