/*
 * paynotify browser client. One call, no polling:
 *
 *   const client = Paynotify.connect({
 *     url: 'wss://shop.example/notifications/ws',
 *     getToken: async () => (await fetch('/my/token')).text(),   // a fresh user JWT
 *     onEvent: (event) => { ... },                              // {type, seq, data}, each seq once
 *     onStatus: (status) => { ... },                            // 'connecting' | 'ready' | 'offline'
 *   });
 *   client.close();
 *
 * It resumes after every disconnect with ?since=<last seq seen> (kept in localStorage per user), so
 * no event is lost; it drops a seq it already delivered; it reconnects with back-off (at once with a
 * fresh token after 4001 "token expired"), and stops for good on codes 4500-4999.
 */
(function (global) {
  'use strict';

  var PING_EVERY_MS = 30000;
  var PONG_WITHIN_MS = 10000;
  var MAX_BACKOFF_MS = 30000;

  function storageKey(userId) { return 'paynotify.lastSeq.' + userId; }

  function readSeq(userId) {
    try { var v = global.localStorage.getItem(storageKey(userId)); return v === null ? null : Number(v); } catch (e) { return null; }
  }

  function writeSeq(userId, seq) {
    try { global.localStorage.setItem(storageKey(userId), String(seq)); } catch (e) { /* private mode: memory only */ }
  }

  function connect(options) {
    var state = { socket: null, userId: options.userId || null, lastSeq: null, attempts: 0, closed: false,
                  pingTimer: null, pongTimer: null };
    if (state.userId !== null) { state.lastSeq = readSeq(state.userId); }

    function status(s) { if (options.onStatus) { options.onStatus(s); } }

    function open() {
      if (state.closed) { return; }
      status('connecting');
      Promise.resolve(options.getToken()).then(function (token) {
        var query = '?token=' + encodeURIComponent(token) + (state.lastSeq === null ? '' : '&since=' + state.lastSeq);
        var socket = new WebSocket(options.url + query);
        state.socket = socket;
        socket.onmessage = function (m) { onFrame(JSON.parse(m.data)); };
        socket.onclose = function (e) { onClose(e.code); };
      }, function () { retry(); });
    }

    function onFrame(frame) {
      if (frame.type === 'READY') {
        state.attempts = 0;
        if (state.userId !== frame.data.userId) { state.userId = frame.data.userId; state.lastSeq = readSeq(state.userId); }
        if (state.lastSeq === null) { remember(frame.data.lastSeq); }
        startPing();
        status('ready');
      } else if (frame.type === 'PONG') {
        clearTimeout(state.pongTimer);
      } else if (typeof frame.seq === 'number' && (state.lastSeq === null || frame.seq > state.lastSeq)) {
        remember(frame.seq);
        options.onEvent(frame);
      }
    }

    function remember(seq) {
      state.lastSeq = seq;
      if (state.userId !== null) { writeSeq(state.userId, seq); }
    }

    function startPing() {
      clearInterval(state.pingTimer);
      state.pingTimer = setInterval(function () {
        if (!state.socket || state.socket.readyState !== 1) { return; }
        state.socket.send('{"type":"PING"}');
        state.pongTimer = setTimeout(function () { state.socket.close(4000, 'no pong'); }, PONG_WITHIN_MS);
      }, PING_EVERY_MS);
    }

    function onClose(code) {
      clearInterval(state.pingTimer);
      clearTimeout(state.pongTimer);
      status('offline');
      if (state.closed || (code >= 4500 && code <= 4999)) { return; }
      if (code === 4001) { open(); return; }
      retry();
    }

    function retry() {
      state.attempts++;
      var delay = Math.min(MAX_BACKOFF_MS, 500 * Math.pow(2, state.attempts - 1));
      setTimeout(open, delay / 2 + Math.random() * delay / 2);
    }

    open();
    return {
      close: function () { state.closed = true; if (state.socket) { state.socket.close(1000, 'bye'); } },
      lastSeq: function () { return state.lastSeq; },
    };
  }

  global.Paynotify = { connect: connect };
})(window);
