/**
 * The credential authority shared by the app server (which issues temporary
 * keys) and the COS server (which verifies them): permanent accounts plus STS
 * triples with an expiry. In memory: a restarted simulator forgets issued STS
 * keys, as real short-lived keys would be useless after a restart anyway.
 */
import { randomBytes } from 'node:crypto';

/** A permanent key pair of one Tencent Cloud account. */
export interface CosAccount {
  /** The account's APPID; buckets are named `<name>-<appid>`. */
  appid: string;
  secretId: string;
  secretKey: string;
}

/** The default account (documented in README "COS server"). */
export const DEFAULT_ACCOUNT: Readonly<CosAccount> = Object.freeze({
  appid: '1250000000',
  secretId: 'AKIDmpsimEXAMPLE',
  secretKey: 'mpsimSECRETKEYexample',
});

/** Temporary keys, in the shape the COS docs' `getAuthorization` examples use. */
export interface StsCredentials {
  credentials: { tmpSecretId: string; tmpSecretKey: string; sessionToken: string };
  /** Epoch seconds (10 digits). */
  startTime: number;
  /** Epoch seconds (10 digits). */
  expiredTime: number;
}

/** What a SecretId resolves to. */
export interface ResolvedKey {
  account: CosAccount;
  secretKey: string;
  /** Set for STS keys: the token the request must carry as `x-cos-security-token`. */
  sessionToken?: string;
  /** Set for STS keys: epoch seconds after which the key is dead. */
  expiredTime?: number;
}

/** Options of {@link createCredentialAuthority}. */
export interface CredentialAuthorityOptions {
  /** Accounts (default: just {@link DEFAULT_ACCOUNT}). The first one is the default account. */
  accounts?: CosAccount[];
  /** Milliseconds clock used for issuing/expiring (default `Date.now`). */
  clock?: () => number;
  /** Default STS lifetime in seconds (default 1800). */
  stsDurationSeconds?: number;
}

/** Issues and resolves credentials. */
export interface CredentialAuthority {
  readonly accounts: CosAccount[];
  readonly defaultAccount: CosAccount;
  /** Adds (or replaces, by SecretId) a permanent account. */
  addAccount(account: CosAccount): void;
  /** Issues temporary keys for an account (default: the default account). */
  issueSts(options?: { appid?: string; durationSeconds?: number }): StsCredentials;
  /** Resolves a SecretId (permanent or STS); undefined when unknown. */
  resolve(secretId: string): ResolvedKey | undefined;
  /** Makes every STS key issued so far expire now (fault hook). */
  expireAllSts(): void;
  /** Clock the authority uses. */
  readonly clock: () => number;
}

function token(n: number): string {
  return randomBytes(n).toString('base64url');
}

/** Creates a credential authority. */
export function createCredentialAuthority(options: CredentialAuthorityOptions = {}): CredentialAuthority {
  const clock = options.clock ?? Date.now;
  const accounts: CosAccount[] = (options.accounts ?? [DEFAULT_ACCOUNT]).map((a) => ({ ...a }));
  if (accounts.length === 0) throw new Error('createCredentialAuthority: at least one account is needed');
  const sts = new Map<string, { appid: string; secretKey: string; token: string; expiredTime: number }>();
  const defaultDuration = options.stsDurationSeconds ?? 1800;
  return {
    accounts,
    get defaultAccount() {
      return accounts[0]!;
    },
    clock,
    addAccount(account) {
      const i = accounts.findIndex((a) => a.secretId === account.secretId);
      if (i >= 0) accounts[i] = { ...account };
      else accounts.push({ ...account });
    },
    issueSts(o = {}) {
      const account = o.appid ? accounts.find((a) => a.appid === o.appid) : accounts[0];
      if (!account) throw new Error(`issueSts: no account with appid ${o.appid}`);
      const duration = o.durationSeconds ?? defaultDuration;
      if (!Number.isFinite(duration) || duration <= 0) throw new Error('issueSts: durationSeconds must be > 0');
      const startTime = Math.floor(clock() / 1000);
      const expiredTime = startTime + Math.floor(duration);
      const tmpSecretId = `AKIDtmp${token(18)}`;
      const tmpSecretKey = token(24);
      const sessionToken = token(48);
      sts.set(tmpSecretId, { appid: account.appid, secretKey: tmpSecretKey, token: sessionToken, expiredTime });
      return { credentials: { tmpSecretId, tmpSecretKey, sessionToken }, startTime, expiredTime };
    },
    resolve(secretId) {
      const perm = accounts.find((a) => a.secretId === secretId);
      if (perm) return { account: perm, secretKey: perm.secretKey };
      const t = sts.get(secretId);
      if (!t) return undefined;
      const account = accounts.find((a) => a.appid === t.appid);
      if (!account) return undefined;
      return { account, secretKey: t.secretKey, sessionToken: t.token, expiredTime: t.expiredTime };
    },
    expireAllSts() {
      const now = Math.floor(clock() / 1000) - 1;
      for (const t of sts.values()) t.expiredTime = Math.min(t.expiredTime, now);
    },
  };
}
