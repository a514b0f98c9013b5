/**
 * The Alibaba Cloud credential authority shared by the VOD control plane
 * (which issues upload credentials), the OSS data plane (which verifies them)
 * and the app server (which hands STS tokens to mini programs): permanent
 * AccessKey pairs plus STS triples with an expiry and an optional scope. In
 * memory, like the COS authority: a restarted simulator forgets issued STS
 * keys, as real short-lived keys would be useless after a restart anyway.
 */
import { randomBytes } from 'node:crypto';

/** A permanent AccessKey pair of one Alibaba Cloud account. */
export interface AliyunAccount {
  /** The account (UID) the key belongs to. */
  accountId: string;
  accessKeyId: string;
  accessKeySecret: string;
}

/** The default account (documented in README "Alibaba VOD + OSS servers"). */
export const DEFAULT_ALIYUN_ACCOUNT: Readonly<AliyunAccount> = Object.freeze({
  accountId: '1000000000000000',
  accessKeyId: 'LTAImpsimEXAMPLE',
  accessKeySecret: 'mpsimALIYUNsecretEXAMPLE',
});

/**
 * What an STS key may touch. VOD upload credentials are scoped to one bucket
 * and the exact object keys of one media; an unscoped key (the app server's
 * `/vod/aliyun/sts`) acts for the whole account.
 */
export interface AliyunStsScope {
  bucket: string;
  keys: string[];
}

/** An issued STS triple, in the field names VOD/STS use. */
export interface AliyunStsCredentials {
  AccessKeyId: string;
  AccessKeySecret: string;
  SecurityToken: string;
  /** ISO-8601 UTC expiry (STS AssumeRole style). */
  Expiration: string;
}

/** What an AccessKeyId resolves to. */
export interface ResolvedAliyunKey {
  account: AliyunAccount;
  accessKeySecret: string;
  /** Set for STS keys: the token the request must carry. */
  securityToken?: string;
  /** Set for STS keys: epoch ms after which the key is dead. */
  expiresAt?: number;
  /** Set for scoped STS keys. */
  scope?: AliyunStsScope;
}

/** Options of {@link createAliyunAuthority}. */
export interface AliyunAuthorityOptions {
  /** Accounts (default: just {@link DEFAULT_ALIYUN_ACCOUNT}); the first is the default account. */
  accounts?: AliyunAccount[];
  /** Milliseconds clock (default `Date.now`). */
  clock?: () => number;
  /** Default STS lifetime in seconds (default 3600). */
  stsDurationSeconds?: number;
}

/** Issues and resolves Alibaba Cloud credentials. */
export interface AliyunAuthority {
  readonly accounts: AliyunAccount[];
  readonly defaultAccount: AliyunAccount;
  readonly clock: () => number;
  /** Adds (or replaces, by AccessKeyId) a permanent key pair. */
  addAccount(account: AliyunAccount): void;
  /** Issues an STS triple for the default account (or `accountId`). */
  issueSts(options?: {
    accountId?: string;
    durationSeconds?: number;
    scope?: AliyunStsScope;
  }): AliyunStsCredentials & { expiresAt: number };
  /** Resolves an AccessKeyId (permanent or STS); undefined when unknown. */
  resolve(accessKeyId: string): ResolvedAliyunKey | undefined;
  /** Every STS key issued so far expires now (fault hook). */
  expireAllSts(): void;
}

/** Creates an authority. */
export function createAliyunAuthority(options: AliyunAuthorityOptions = {}): AliyunAuthority {
  const clock = options.clock ?? Date.now;
  const accounts = (options.accounts ?? [DEFAULT_ALIYUN_ACCOUNT]).map((a) => ({ ...a }));
  if (accounts.length === 0) throw new Error('createAliyunAuthority: at least one account is needed');
  const sts = new Map<string, { accountId: string; secret: string; token: string; expiresAt: number; scope?: AliyunStsScope }>();
  const defaultDuration = options.stsDurationSeconds ?? 3600;
  return {
    accounts,
    get defaultAccount() {
      return accounts[0]!;
    },
    clock,
    addAccount(account) {
      const i = accounts.findIndex((a) => a.accessKeyId === account.accessKeyId);
      if (i >= 0) accounts[i] = { ...account };
      else accounts.push({ ...account });
    },
    issueSts(o = {}) {
      const account = o.accountId ? accounts.find((a) => a.accountId === o.accountId) : accounts[0];
      if (!account) throw new Error(`issueSts: no account ${o.accountId}`);
      const duration = o.durationSeconds ?? defaultDuration;
      if (!Number.isFinite(duration) || duration <= 0) throw new Error('issueSts: durationSeconds must be > 0');
      const expiresAt = clock() + Math.floor(duration * 1000);
      // Shapes like the real ones: `STS.` ids, `CAIS…` tokens.
      const AccessKeyId = `STS.${randomBytes(18).toString('base64url')}`;
      const AccessKeySecret = randomBytes(30).toString('base64url');
      const SecurityToken = `CAIS${randomBytes(180).toString('base64')}`;
      const scope = o.scope ? { bucket: o.scope.bucket, keys: [...o.scope.keys] } : undefined;
      sts.set(AccessKeyId, { accountId: account.accountId, secret: AccessKeySecret, token: SecurityToken, expiresAt, scope });
      return {
        AccessKeyId,
        AccessKeySecret,
        SecurityToken,
        Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        expiresAt,
      };
    },
    resolve(id) {
      const perm = accounts.find((a) => a.accessKeyId === id);
      if (perm) return { account: perm, accessKeySecret: perm.accessKeySecret };
      const t = sts.get(id);
      if (!t) return undefined;
      const account = accounts.find((a) => a.accountId === t.accountId);
      if (!account) return undefined;
      return { account, accessKeySecret: t.secret, securityToken: t.token, expiresAt: t.expiresAt, scope: t.scope };
    },
    expireAllSts() {
      const now = clock() - 1;
      for (const t of sts.values()) t.expiresAt = Math.min(t.expiresAt, now);
    },
  };
}
