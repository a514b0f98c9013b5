// The far end of the SDK-floor rows: a cloud in its own process, so nothing the server does
// runs on the phone's thread. MODE:
//   drain — one server that answers the COS multipart protocol as cos-wx-sdk-v5's
//           sliceUploadFile needs it and only drains the bodies: no signature check, no disk,
//           nothing kept (the part's MD5 is computed for its ETag, natively, in this process);
//   cloud — the default cloud (COS, app server, OSS, both VODs), as `mpsim serve` runs it.
// Both listen through the real Cloud class (TLS with SNI from the simulator CA). Prints one
// JSON line { port, httpPort, caCert } on stdout, then serves until stdin closes.
'use strict';
const { createHash, randomBytes } = require('node:crypto');
const { Cloud } = require('../../dist/index.js');
const { URL } = require('node:url');

const xml = (res, status, body) => {
  const b = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': b.length,
    'x-cos-request-id': randomBytes(8).toString('hex'),
  });
  res.end(b);
};

/** Just enough COS for sliceUploadFile: list (empty), initiate, parts, complete. */
const drain = {
  name: 'cos-drain',
  hosts: ['*.cos.*.myqcloud.com'],
  handle(req, res) {
    const url = new URL(req.url, 'https://x');
    const key = decodeURIComponent(url.pathname.slice(1));
    const q = url.searchParams;
    const hash = createHash('md5');
    req.on('data', (d) => hash.update(d));
    req.on('end', () => {
      if (req.method === 'GET' && q.has('uploads')) {
        return xml(res, 200, '<ListMultipartUploadsResult><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>');
      }
      if (req.method === 'POST' && q.has('uploads')) {
        const id = randomBytes(16).toString('hex');
        return xml(res, 200, `<InitiateMultipartUploadResult><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
      }
      if (req.method === 'PUT') {
        res.writeHead(200, { etag: `"${hash.digest('hex')}"`, 'content-length': 0, 'x-cos-request-id': randomBytes(8).toString('hex') });
        return res.end();
      }
      if (req.method === 'POST' && q.has('uploadId')) {
        return xml(res, 200, `<CompleteMultipartUploadResult><Key>${key}</Key><ETag>"drained"</ETag></CompleteMultipartUploadResult>`);
      }
      xml(res, 501, '<Error><Code>NotImplemented</Code></Error>');
    });
  },
};

async function main() {
  const mode = process.argv[2] || 'drain';
  const cloud = await Cloud.start(mode === 'drain' ? { servers: [drain] } : {});
  process.stdout.write(JSON.stringify({ port: cloud.port, httpPort: cloud.httpPort, caCert: cloud.caCert }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await cloud.close();
    process.exit(0);
  });
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
