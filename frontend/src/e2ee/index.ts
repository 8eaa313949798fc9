// End-to-end encryption in the browser (issue 20, docs/adr/0188): the one entry point the UI uses.
// Everything here runs locally; the server only ever sees public keys, armored ciphertext and a
// passphrase-protected backup key. See ./README.md for how the UI is meant to call it.
import type { AuthSession } from '../api/session';
import { E2eeClient } from './client';
import { IndexedDbKeyStore, type KeyStore } from './keystore';
import { LocalTrustStore, type TrustStore } from './trust';
import type { E2eeApi, Identity } from './types';
import { identityOf } from './identity';

export type {
  BackupStatus,
  DecryptFailureReason,
  DecryptResult,
  DeviceInfo,
  E2ee,
  E2eeApi,
  EncryptedDraft,
  EncryptedMessageLike,
  Identity,
  KeyChange,
  PlainDraft,
  SafetyNumber,
} from './types';
export { E2eeError, isKeySetChanged, type E2eeErrorCode } from './types';
export type { KeyStore, TrustStore };
export { IndexedDbKeyStore, MemoryKeyStore } from './keystore';
export { LocalTrustStore, MemoryTrustStore } from './trust';
export { identityOf } from './identity';

export interface CreateE2eeOptions {
  /** The app's authenticated REST client (`new Http(session)`), or anything with the same get/put/delete. */
  http: E2eeApi;
  /** Who is signed in, on which device session. Defaults to reading `session` (user + the token's `sid`). */
  identity?: () => Promise<Identity>;
  /** The signed-in session; used for `identity` when that is not given. */
  session?: AuthSession;
  /** Where private keys live (default: IndexedDB, wrapped by a non-extractable AES-GCM key). */
  keyStore?: KeyStore;
  /** Where trust-on-first-use fingerprints live (default: localStorage, per signed-in user). */
  trustStore?: TrustStore;
}

/**
 * The E2EE client of this browser for the signed-in user. Create one per signed-in user (recreate
 * it after a login as somebody else) and call `ensureDevice()` once after login, before any other
 * call (the other calls do it themselves when it was not done).
 */
export function createE2ee(options: CreateE2eeOptions): import('./types').E2ee {
  const identity =
    options.identity ??
    (async () => {
      if (!options.session) throw new Error('createE2ee needs either identity or session');
      return identityOf(options.session);
    });
  return new E2eeClient(
    options.http,
    identity,
    options.keyStore ?? new IndexedDbKeyStore(),
    options.trustStore ?? new LocalTrustStore(),
  );
}
