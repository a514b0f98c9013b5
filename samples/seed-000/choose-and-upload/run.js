// Seed 000, "uploadFile" sample: choose an image, upload it with formData.
// Prelude: nothing — the snippet is self-contained (the album's first image is picked).
const { check, whenDone, uploads } = require('../../_lib/expect');
const picked = mpsim.album.list().find((i) => i.kind === 'image');

require('./snippet.js'); // verbatim from the doc

// Expectation (the doc: "initiates an HTTPS POST request with content-type multipart/form-data"):
whenDone(() => {
  const [up, ...more] = uploads();
  check(up && more.length === 0, `one upload, got ${uploads().length}`);
  check(up.url === 'https://test.url/upload' && up.method === 'POST', `POST https://test.url/upload, got ${up.method} ${up.url}`);
  check(up.statusCode === 200 && !up.error, `HTTP 200 without error, got ${up.statusCode} ${up.error}`);
  check(/^multipart\/form-data; boundary=/.test(up.headers['content-type'] || up.headers['Content-Type']), 'multipart/form-data');
  check(up.bytesSent > picked.size, `the whole image (${picked.size} B) was sent, sent ${up.bytesSent}`);
  const seen = mpsim.network.servers.echo.log.find((r) => r.path === '/upload');
  check(seen && seen.complete, 'the server received the complete body');
  console.log(`ok: ${picked.name} (${picked.size} B) uploaded to test.url with formData user=test`);
});
