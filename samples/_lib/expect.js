/**
 * Expectations for samples: what the doc promises, checked once the sample and
 * every wx task it started are finished. A broken promise throws from a timer,
 * which makes `mpsim run` exit 1 with the message (and `mpsim replay` show FAIL).
 * This file is harness, not doc code: the doc's snippet stays verbatim in snippet.js.
 */
function check(cond, message) {
  if (!cond) throw new Error(`expectation failed: ${message}`);
}

/** Runs `fn` after everything in flight has finished (mpsim.idle), on a fresh tick. */
function whenDone(fn) {
  mpsim.idle().then(() => setImmediate(() => fn()));
}

/** Records console.log calls from now on (the snippets' only visible output). */
function recordConsole() {
  const lines = [];
  const original = console.log;
  console.log = (...args) => {
    lines.push(args);
    original.apply(console, args);
  };
  return lines;
}

/** The wx.uploadFile requests the phone sent, as the network layer recorded them. */
function uploads() {
  return mpsim.network.requests.filter((r) => r.api === 'uploadFile');
}

/** Resolves when `predicate()` is true (polled every 20 ms); rejects after `ms` so nothing hangs. */
function waitFor(predicate, ms = 30000, what = 'condition') {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`expectation failed: timed out after ${ms} ms waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

/** Runs an async expectation; a failure is thrown from a timer so `mpsim run` exits 1. */
function expectAsync(fn) {
  fn().catch((err) => setImmediate(() => {
    throw err;
  }));
}

module.exports = { check, whenDone, recordConsole, uploads, waitFor, expectAsync };
