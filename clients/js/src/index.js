/**
 * The entry of paynotify.js. `node build.mjs` joins src/ into the one file that ships (paynotify.js,
 * served by every node and packed by npm), with no module loader and no dependency: a browser gets
 * one request, and Subresource Integrity covers all of it.
 */
export const VERSION = '0.1.0';
export { connect } from './client.js';
export { PaynotifyError } from './errors.js';
