/**
 * The simulator's certificate authority: one ECDSA P-256 root kept in a cache dir
 * (reused across runs and processes) and leaf certificates issued on demand for
 * every routed host, so unchanged `https://` code talks real TLS to the local
 * cloud and the transport can trust exactly this root and nothing else.
 *
 * Concurrency: two jest workers may create the root at the same moment. The key
 * and certificate live in ONE bundle file, written to a unique temp name and
 * hard-linked into place (link fails when the file exists), so the first writer
 * wins and every process reads the same pair.
 */
import type * as X509 from '@peculiar/x509';
import { createHash, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The X.509 library, loaded on first use: it (and reflect-metadata) cost ~90 ms at
 * require time, and a run whose root and leaf certificates are all in the cache
 * never needs it (`mpsim run` of a small script stays close to `node`'s own start-up).
 */
let x509Lib: typeof X509 | undefined;
function x509(): typeof X509 {
  if (!x509Lib) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('reflect-metadata');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    x509Lib = require('@peculiar/x509') as typeof X509;
    x509Lib.cryptoProvider.set(webcrypto as never);
  }
  return x509Lib;
}

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 3600 * 1000;

/** A certificate and its private key, PEM-encoded. */
export interface PemPair {
  cert: string;
  key: string;
}

/** Where the root lives: `$MPSIM_CACHE_DIR` or `~/.cache/mpsim`. */
export function defaultCacheDir(): string {
  return process.env.MPSIM_CACHE_DIR || path.join(os.homedir(), '.cache', 'mpsim');
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509().PemConverter.encode(der, 'PRIVATE KEY');
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  const der = x509().PemConverter.decode(pem)[0];
  return webcrypto.subtle.importKey('pkcs8', der, ALG, true, ['sign']);
}

function serial(): string {
  // Positive, 16 bytes: unique enough that browsers/Node never see a reused serial.
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

/** Creates a self-signed root (CA:true, keyCertSign). */
export async function createRootPair(commonName: string, validDays = 3650): Promise<PemPair> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const x509 = loadX509();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}, O=mpsim`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + validDays * DAY),
    keys: keys as never,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKeyPem(keys.privateKey) };
}

/** An issuer that signs leaf certificates for host names. */
export class CertificateAuthority {
  private readonly leafCache = new Map<string, Promise<PemPair>>();
  private issuerKey?: Promise<CryptoKey>;

  constructor(
    /** The root, PEM. */
    readonly root: PemPair,
    /** Host path of the root certificate (PEM) for tools that want a file (`curl --cacert`). */
    readonly certPath?: string,
    /** Where valid leaves are kept across runs (none for an ephemeral CA). */
    private readonly leafDir?: string,
  ) {}

  /**
   * Loads the root from `cacheDir` or creates it there (atomically, first writer wins).
   * Also writes `<cacheDir>/ca-cert.pem` (the certificate alone).
   */
  static async load(cacheDir: string = defaultCacheDir()): Promise<CertificateAuthority> {
    try {
      return await CertificateAuthority.loadFrom(cacheDir);
    } catch (err) {
      // A read-only or unusable home (some CI sandboxes): fall back to a per-user dir under tmp.
      const code = (err as NodeJS.ErrnoException).code;
      if (!['EACCES', 'EROFS', 'EPERM', 'ENOTDIR', 'EEXIST'].includes(code ?? '')) throw err;
      const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
      return CertificateAuthority.loadFrom(path.join(os.tmpdir(), `mpsim-cache-${uid}`));
    }
  }

  private static async loadFrom(cacheDir: string): Promise<CertificateAuthority> {
    fs.mkdirSync(cacheDir, { recursive: true });
    const bundlePath = path.join(cacheDir, 'ca-bundle.pem');
    const certPath = path.join(cacheDir, 'ca-cert.pem');
    let bundle = readIfExists(bundlePath);
    if (!bundle) {
      const pair = await createRootPair('mpsim local CA');
      const tmp = `${bundlePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, pair.cert + pair.key, { mode: 0o600 });
      try {
        fs.linkSync(tmp, bundlePath);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      bundle = fs.readFileSync(bundlePath, 'utf8');
    }
    const root = splitBundle(bundle);
    if (readIfExists(certPath) !== root.cert) {
      const tmp = `${certPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, root.cert);
      fs.renameSync(tmp, certPath);
    }
    return new CertificateAuthority(root, certPath, path.join(cacheDir, 'leaves'));
  }

  /** A CA that lives only in memory (tests: "a certificate from another CA"). */
  static async ephemeral(commonName = 'mpsim untrusted CA'): Promise<CertificateAuthority> {
    return new CertificateAuthority(await createRootPair(commonName));
  }

  /**
   * A leaf for `hostname` (cached per process). `validity: 'expired'` issues one
   * whose notAfter is yesterday (never cached with the valid ones).
   */
  issue(hostname: string, validity: 'valid' | 'expired' = 'valid'): Promise<PemPair> {
    const key = `${validity}:${hostname.toLowerCase()}`;
    let p = this.leafCache.get(key);
    if (!p) {
      p = validity === 'valid' ? this.issueCached(hostname.toLowerCase()) : this.issueUncached(hostname.toLowerCase(), validity);
      this.leafCache.set(key, p);
      p.catch(() => this.leafCache.delete(key));
    }
    return p;
  }

  /**
   * Valid leaves are kept on disk next to the root (one bundle per host, named after
   * the root's fingerprint so a new root never serves an old leaf) and reused while
   * they have more than a week to live: the next run needs no key generation.
   */
  private async issueCached(hostname: string): Promise<PemPair> {
    if (!this.leafDir) return this.issueUncached(hostname, 'valid');
    const rootId = createHash('sha256').update(this.root.cert).digest('hex').slice(0, 12);
    const safe = hostname.replace(/[^a-z0-9.-]/g, '_').slice(0, 200);
    const file = path.join(this.leafDir, `${rootId}-${safe}.pem`);
    const cached = readIfExists(file);
    if (cached) {
      try {
        const pair = splitBundle(cached);
        const leaf = new X509Certificate(pair.cert);
        if (Date.parse(leaf.validTo) - Date.now() > 7 * DAY && leaf.checkHost(hostname) !== undefined) return pair;
      } catch {
        // unreadable: issue a new one below
      }
    }
    const pair = await this.issueUncached(hostname, 'valid');
    try {
      fs.mkdirSync(this.leafDir, { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, pair.cert + pair.key, { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch {
      // a read-only cache only costs the next run a key generation
    }
    return pair;
  }

  private async issueUncached(hostname: string, validity: 'valid' | 'expired'): Promise<PemPair> {
    this.issuerKey ??= importKeyPem(this.root.key);
    const signingKey = await this.issuerKey;
    const x509 = loadX509();
    const rootCert = new x509.X509Certificate(this.root.cert);
    const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    const now = Date.now();
    const [notBefore, notAfter] = validity === 'expired' ? [now - 30 * DAY, now - DAY] : [now - DAY, now + 397 * DAY];
    const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${hostname}`,
      issuer: rootCert.subject,
      notBefore: new Date(notBefore),
      notAfter: new Date(notAfter),
      publicKey: keys.publicKey as never,
      signingKey: signingKey as never,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: isIp ? 'ip' : 'dns', value: hostname }]),
        await x509.AuthorityKeyIdentifierExtension.create(rootCert),
      ],
    });
    return { cert: cert.toString('pem'), key: await exportKeyPem(keys.privateKey) };
  }
}

function loadX509(): typeof X509 {
  return x509();
}

function readIfExists(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function splitBundle(bundle: string): PemPair {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*/.exec(bundle)?.[0];
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\s*/.exec(bundle)?.[0];
  if (!cert || !key) throw new Error(`mpsim: corrupt CA bundle (delete it to regenerate)`);
  return { cert: cert.trim() + '\n', key: key.trim() + '\n' };
}
