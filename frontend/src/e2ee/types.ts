// The typed contract between the E2EE core and the UI (and the server's wire shapes it relies on).
// Signatures here are stable: the UI builds against them.

/** The subset of the app's `Http` client the E2EE core needs (throws `ProblemError` on 4xx/5xx). */
export interface E2eeApi {
  get<T>(path: string): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

/** The signed-in user and the device session of this browser (`sid` of the access token). */
export interface Identity {
  userId: string;
  sessionId: string;
}

// ---- wire shapes (docs/api.md, "End-to-end encryption") ----

export type DeviceKeyStatus = 'active' | 'replaced' | 'revoked';

export interface DeviceKey {
  userId: string;
  sessionId: string;
  deviceName: string | null;
  fingerprint: string;
  publicKey: string;
  status: DeviceKeyStatus;
  createdAt: string;
  endedAt: string | null;
}

export interface BackupKey {
  userId: string;
  fingerprint: string;
  publicKey: string;
  createdAt: string;
}

export interface UserDeviceKeys {
  items: DeviceKey[];
  backupKey: BackupKey | null;
  nextCursor: null;
}

export interface ConversationKeys {
  conversationId: string;
  keySetVersion: string;
  devices: DeviceKey[];
  backupKeys: BackupKey[];
}

export interface KeyBackup {
  fingerprint: string;
  publicKey: string;
  encryptedPrivateKey: string;
  createdAt: string;
}

// ---- what the UI passes in and gets back ----

/** A message to encrypt. `clientMessageId` is the same one the send request carries. */
export interface PlainDraft {
  body: string;
  clientMessageId: string;
  replyToMessageId?: string | null;
}

/** What goes into the send (or edit) request instead of `body`. */
export interface EncryptedDraft {
  ciphertext: string;
  keySetVersion: string;
}

/**
 * The parts of a `message` (REST or push) that decrypting needs. A `Message` with `ciphertext`
 * fits. `clientMessageId` is checked against the signed plaintext when present (the UI knows it
 * for its own sends); `conversationId` and `senderId` are always checked.
 */
export interface EncryptedMessageLike {
  conversationId: string;
  senderId: string;
  ciphertext: string | null;
  messageId?: string | number;
  clientMessageId?: string | null;
  /** When present: a message dated after its signing key was revoked/replaced is refused. */
  createdAt?: string | null;
  editedAt?: string | null;
}

/**
 * Why a message could not be shown:
 * - `no-key-for-this-device`: not encrypted to this device (sent before it existed, or after it was
 *   revoked / removed) and no restored backup key opens it. Offer "restore from backup".
 * - `tampered`: the ciphertext or its signature packet was altered, or it is not signed at all.
 * - `bad-signature`: signed, but not by a (current or former) device key of `senderId`.
 * - `wrong-conversation`: the signed plaintext names another conversation (or another
 *   clientMessageId): the server moved or replayed it.
 * - `malformed`: not an OpenPGP message, or the plaintext is not our JSON shape.
 */
export type DecryptFailureReason =
  | 'no-key-for-this-device'
  | 'tampered'
  | 'bad-signature'
  | 'wrong-conversation'
  | 'malformed';

export type DecryptResult =
  | {
      ok: true;
      body: string;
      replyToMessageId: string | null;
      /** The clientMessageId inside the signed plaintext (null for edits). */
      clientMessageId: string | null;
      /** The sender's device key that signed it; `status` is that key's status now. */
      signedBy: { userId: string; fingerprint: string; status: DeviceKeyStatus };
    }
  | { ok: false; reason: DecryptFailureReason; detail: string };

/** The number two users compare (aloud or by QR) to know no one sits in between. */
export interface SafetyNumber {
  /** 60 digits in 12 groups of 5, separated by single spaces: "12345 67890 …". */
  digits: string;
  /** The string to encode in the QR code; the scanning side compares it with its own `qrPayload`. */
  qrPayload: string;
  /** The fingerprints it was computed from (active device keys + backup key), per user. */
  fingerprints: Record<string, string[]>;
}

/** The keys of a user differ from the ones first seen (or last acknowledged) on this device. */
export interface KeyChange {
  userId: string;
  /** Fingerprints that are new since the acknowledged set (`backup:` prefix for a backup key). */
  added: string[];
  /** Fingerprints that were acknowledged and are no longer active. */
  removed: string[];
  detectedAt: string;
}

export interface DeviceInfo {
  userId: string;
  sessionId: string;
  fingerprint: string;
  /** True when this call generated (and published) a new key. */
  created: boolean;
}

export interface BackupStatus {
  /** A passphrase-protected backup key is stored on the server. */
  onServer: boolean;
  /** This device holds the (decrypted) backup key that the server's backup is for. */
  restoredHere: boolean;
  fingerprint: string | null;
}

export type E2eeErrorCode =
  | 'wrong-passphrase'
  | 'weak-passphrase'
  | 'no-backup'
  | 'backup-exists'
  | 'no-device-key'
  | 'not-a-member'
  | 'key-set-changed'
  | 'too-many-device-keys'
  | 'too-large'
  | 'unsupported';

/** A failure the UI can explain: `code` says which. */
export class E2eeError extends Error {
  constructor(
    readonly code: E2eeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'E2eeError';
  }
}

/** True for the server's 409 `key-set-changed` answer to a send/edit (refetch keys, re-encrypt, resend). */
export function isKeySetChanged(error: unknown): boolean {
  if (error instanceof E2eeError) return error.code === 'key-set-changed';
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { status?: unknown; problem?: { type?: unknown; status?: unknown } };
  const status = e.status ?? e.problem?.status;
  const type = e.problem?.type;
  return status === 409 && typeof type === 'string' && /(^|[:/])key-set-changed$/.test(type);
}

/** The E2EE client the UI calls (create it with `createE2ee`). */
export interface E2ee {
  /** The signed-in user this client encrypts and decrypts for. */
  userId(): Promise<string>;

  /**
   * Makes sure this device session has a key pair, kept locally, and that the server has its
   * public key (`PUT /api/me/device-key`, idempotent). Call after login; safe to call again.
   */
  ensureDevice(): Promise<DeviceInfo>;

  /**
   * Encrypts a new message to every active device and backup key of every current member and
   * signs it with this device's key. Uses cached conversation keys; pass `{refresh: true}` after a
   * 409 `key-set-changed` (or use `send`, which does that for you).
   */
  encryptFor(conversationId: string, draft: PlainDraft, options?: { refresh?: boolean }): Promise<EncryptedDraft>;

  /** Same as `encryptFor` for an edit (`PATCH .../messages/{id}`): the plaintext names the message id. */
  encryptEdit(
    conversationId: string,
    messageId: string,
    draft: { body: string; replyToMessageId?: string | null },
    options?: { refresh?: boolean },
  ): Promise<EncryptedDraft>;

  /**
   * Encrypts, calls `post` with the encrypted draft, and when the server answers 409
   * `key-set-changed` refetches the keys, re-encrypts and calls `post` again (same
   * clientMessageId), up to 3 times. `post` is the UI's own request, e.g.
   * `(e) => http.post(url, {clientMessageId, replyToMessageId, ...e})`.
   */
  send<T>(conversationId: string, draft: PlainDraft, post: (encrypted: EncryptedDraft) => Promise<T>): Promise<T>;

  /** The `send` of an edit. */
  sendEdit<T>(
    conversationId: string,
    messageId: string,
    draft: { body: string; replyToMessageId?: string | null },
    patch: (encrypted: EncryptedDraft) => Promise<T>,
  ): Promise<T>;

  /** Decrypts and verifies a message; never throws for a bad message (typed failure instead). */
  decrypt(message: EncryptedMessageLike): Promise<DecryptResult>;

  /** The safety number between the signed-in user and `userId` (the same digits on both sides). */
  safetyNumber(userId: string): Promise<SafetyNumber>;

  /** Users whose keys changed since first seen / last acknowledged here (fetches nothing). */
  keyChanges(): Promise<KeyChange[]>;

  /** Accepts a user's current keys as trusted (clears their entry in `keyChanges()`). */
  acknowledgeKeyChange(userId: string): Promise<void>;

  /**
   * Call on the push `keys.changed {userId}`: forgets cached keys (of that user and of every
   * conversation) and re-checks that user's keys, so `keyChanges()` is up to date.
   */
  keysChanged(userId: string): Promise<KeyChange | null>;

  /** Subscribe to new entries of `keyChanges()`; returns the unsubscribe function. */
  onKeyChange(listener: (change: KeyChange) => void): () => void;

  /** Whether the server holds a key backup for the signed-in user. */
  hasBackup(): Promise<boolean>;

  /** `hasBackup()` plus whether this device has the backup key itself. */
  backupStatus(): Promise<BackupStatus>;

  /**
   * Creates the backup key pair and stores it on the server protected by `passphrase` (min. 10
   * characters, else `E2eeError('weak-passphrase')`). When this device already holds the server's
   * backup key it only re-protects it with the new passphrase. When the server has a backup this
   * device cannot open, throws `E2eeError('backup-exists')` unless `{replace: true}` (then history
   * readable only through the old backup is lost).
   */
  setUpBackup(passphrase: string, options?: { replace?: boolean }): Promise<BackupStatus>;

  /**
   * Downloads the backup and opens it with `passphrase`; this device then also reads history sent
   * before it existed. `E2eeError('wrong-passphrase')` / `E2eeError('no-backup')` on failure.
   */
  restoreBackup(passphrase: string): Promise<BackupStatus>;

  /** Forgets this device's private keys locally and revokes its key on the server (before logout). */
  forgetDevice(): Promise<void>;
}
