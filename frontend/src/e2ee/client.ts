// The E2EE client (docs/adr/0188): OpenPGP.js 6 with RFC 9580 (v6) Curve25519 keys, SEIPDv2
// (AEAD) messages encrypted to every active device key and backup key of every member, signed by
// the sending device. Everything the server sends is treated as untrusted input.
import * as openpgp from 'openpgp';
import type { KeyStore, StoredKey } from './keystore';
import { safetyEntries, safetyNumberOf } from './safety';
import type { TrustRecord, TrustStore } from './trust';
import {
  E2eeError,
  isKeySetChanged,
  type BackupStatus,
  type ConversationKeys,
  type DecryptFailureReason,
  type DecryptResult,
  type DeviceInfo,
  type DeviceKey,
  type E2ee,
  type E2eeApi,
  type EncryptedDraft,
  type EncryptedMessageLike,
  type Identity,
  type KeyBackup,
  type KeyChange,
  type PlainDraft,
  type SafetyNumber,
  type UserDeviceKeys,
} from './types';

/** The server refuses ciphertexts over this many characters (docs/api.md). */
export const MAX_CIPHERTEXT_CHARS = 60_000;
/** Resends after a 409 key-set-changed before giving up. */
const MAX_KEY_SET_RETRIES = 3;
/** A message may be dated this much after its signing key ended (clock skew, in-flight sends). */
const ENDED_KEY_GRACE_MS = 5 * 60_000;
export const MIN_PASSPHRASE_LENGTH = 10;
const DECRYPT_CACHE_SIZE = 2000;
/** A compressed message never inflates beyond this (4000 code points of 4 bytes, JSON-escaped, with room). */
const MAX_PLAINTEXT_BYTES = 64 * 1024;

const KEY_CONFIG: openpgp.PartialConfig = { v6Keys: true, aeadProtect: true };
const MESSAGE_CONFIG: openpgp.PartialConfig = { aeadProtect: true };

/** The signed plaintext of every encrypted message (contract: v, conversationId, clientMessageId, body, replyToMessageId). */
interface SignedPlaintext {
  v: 1;
  conversationId: string;
  clientMessageId: string | null;
  /** Only in edits: the message the new text is for. */
  messageId?: string;
  body: string;
  replyToMessageId: string | null;
}

interface Device {
  identity: Identity;
  fingerprint: string;
  created: boolean;
}

function problemStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { status?: unknown; problem?: { status?: unknown } };
  const status = e.status ?? e.problem?.status;
  return typeof status === 'number' ? status : null;
}

function problemType(error: unknown): string {
  const type = (error as { problem?: { type?: unknown } } | null)?.problem?.type;
  return typeof type === 'string' ? type : '';
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export class E2eeClient implements E2ee {
  private device: Promise<Device> | null = null;
  private readonly conversationKeys = new Map<string, Promise<ConversationKeys>>();
  private readonly userKeys = new Map<string, Promise<UserDeviceKeys>>();
  private readonly publicKeys = new Map<string, Promise<openpgp.PublicKey>>();
  private readonly privateKeys = new Map<string, Promise<openpgp.PrivateKey>>();
  private readonly listeners = new Set<(change: KeyChange) => void>();
  /** Successful decryptions (a timeline re-renders often); failures are retried (a restore may fix them). */
  private readonly decrypted = new Map<string, DecryptResult>();

  constructor(
    private readonly api: E2eeApi,
    private readonly identity: () => Promise<Identity>,
    private readonly store: KeyStore,
    private readonly trust: TrustStore,
  ) {}

  async userId(): Promise<string> {
    return (await this.identity()).userId;
  }

  // ---- device key ----

  ensureDevice(): Promise<DeviceInfo> {
    const run = async (): Promise<DeviceInfo> => {
      const identity = await this.identity();
      const current = this.device ? await this.device.catch(() => null) : null;
      if (current && current.identity.sessionId === identity.sessionId && current.identity.userId === identity.userId) {
        return { ...current.identity, fingerprint: current.fingerprint, created: current.created };
      }
      this.device = withDeviceLock(() => this.setUpDevice(identity));
      const device = await this.device.catch((error: unknown) => {
        this.device = null;
        throw error;
      });
      return { ...device.identity, fingerprint: device.fingerprint, created: device.created };
    };
    return run();
  }

  private async setUpDevice(identity: Identity): Promise<Device> {
    if (typeof crypto === 'undefined' || !crypto.subtle) {
      throw new E2eeError('unsupported', 'Encryption needs a secure connection (https or localhost).');
    }
    const held = (await this.store.deviceKeys(identity.userId)).find((k) => k.sessionId === identity.sessionId);
    let key: StoredKey;
    let created = false;
    if (held) {
      key = held;
    } else {
      const generated = await openpgp.generateKey({
        type: 'curve25519',
        userIDs: [{ name: `parley device ${identity.sessionId}` }],
        format: 'object',
        config: KEY_CONFIG,
      });
      key = { fingerprint: generated.privateKey.getFingerprint(), armoredPrivateKey: generated.privateKey.armor() };
      await this.store.putDeviceKey(identity.userId, {
        ...key,
        sessionId: identity.sessionId,
        createdAt: new Date().toISOString(),
      });
      created = true;
    }
    const privateKey = await this.privateKey(key.armoredPrivateKey);
    try {
      await this.api.put('/api/me/device-key', {
        publicKey: privateKey.toPublic().armor(),
        fingerprint: key.fingerprint,
      });
    } catch (error) {
      if (problemStatus(error) === 409 && problemType(error).endsWith('too-many-device-keys')) {
        throw new E2eeError('too-many-device-keys', 'You have too many devices with encryption keys: sign out of one you no longer use.');
      }
      throw error;
    }
    this.forgetCachedKeys(identity.userId);
    return { identity, fingerprint: key.fingerprint, created };
  }

  private async deviceSigningKey(): Promise<openpgp.PrivateKey> {
    const device = await this.ensureDevice();
    const held = (await this.store.deviceKeys(device.userId)).find((k) => k.sessionId === device.sessionId);
    if (!held) throw new E2eeError('no-device-key', 'This device has no encryption key.');
    return this.privateKey(held.armoredPrivateKey);
  }

  async forgetDevice(): Promise<void> {
    const { userId } = await this.identity();
    try {
      await this.api.delete('/api/me/device-key');
    } catch {
      // the session may already be over; the server revokes its key then anyway
    }
    await this.store.deleteDeviceKeys(userId);
    await this.store.deleteBackupKey(userId);
    this.device = null;
    this.privateKeys.clear();
    this.decrypted.clear();
    this.forgetCachedKeys(null);
  }

  // ---- parsing keys (cached by armored text) ----

  private publicKey(armored: string): Promise<openpgp.PublicKey> {
    let key = this.publicKeys.get(armored);
    if (!key) {
      key = openpgp.readKey({ armoredKey: armored }).then((k) => k.toPublic());
      key.catch(() => this.publicKeys.delete(armored));
      this.publicKeys.set(armored, key);
    }
    return key;
  }

  private privateKey(armored: string): Promise<openpgp.PrivateKey> {
    let key = this.privateKeys.get(armored);
    if (!key) {
      key = openpgp.readPrivateKey({ armoredKey: armored });
      key.catch(() => this.privateKeys.delete(armored));
      this.privateKeys.set(armored, key);
    }
    return key;
  }

  /** The key, when it parses and really has the fingerprint the server claims; else null. */
  private async checkedPublicKey(armored: string, fingerprint: string): Promise<openpgp.PublicKey | null> {
    try {
      const key = await this.publicKey(armored);
      return key.getFingerprint() === fingerprint.toLowerCase() ? key : null;
    } catch {
      return null;
    }
  }

  // ---- server key lists (cached until keys.changed or a 409) ----

  private forgetCachedKeys(userId: string | null): void {
    this.conversationKeys.clear();
    if (userId === null) this.userKeys.clear();
    else this.userKeys.delete(userId);
  }

  private keysOf(conversationId: string, refresh: boolean): Promise<ConversationKeys> {
    let keys = refresh ? undefined : this.conversationKeys.get(conversationId);
    if (!keys) {
      keys = this.api
        .get<ConversationKeys>(`/api/conversations/${encodeURIComponent(conversationId)}/keys`)
        .catch((error: unknown) => {
          if (problemStatus(error) === 404) throw new E2eeError('not-a-member', 'You are not a member of this conversation.');
          throw error;
        });
      keys.catch(() => this.conversationKeys.delete(conversationId));
      this.conversationKeys.set(conversationId, keys);
    }
    return keys;
  }

  private deviceKeysOf(userId: string, refresh = false): Promise<UserDeviceKeys> {
    let keys = refresh ? undefined : this.userKeys.get(userId);
    if (!keys) {
      keys = this.api.get<UserDeviceKeys>(`/api/users/${encodeURIComponent(userId)}/device-keys`);
      keys.catch(() => this.userKeys.delete(userId));
      this.userKeys.set(userId, keys);
    }
    return keys;
  }

  // ---- encrypt ----

  encryptFor(conversationId: string, draft: PlainDraft, options?: { refresh?: boolean }): Promise<EncryptedDraft> {
    return this.encryptPlaintext(
      conversationId,
      {
        v: 1,
        conversationId,
        clientMessageId: draft.clientMessageId,
        body: draft.body,
        replyToMessageId: draft.replyToMessageId ?? null,
      },
      options?.refresh ?? false,
    );
  }

  encryptEdit(
    conversationId: string,
    messageId: string,
    draft: { body: string; replyToMessageId?: string | null },
    options?: { refresh?: boolean },
  ): Promise<EncryptedDraft> {
    return this.encryptPlaintext(
      conversationId,
      {
        v: 1,
        conversationId,
        clientMessageId: null,
        messageId: String(messageId),
        body: draft.body,
        replyToMessageId: draft.replyToMessageId ?? null,
      },
      options?.refresh ?? false,
    );
  }

  private async encryptPlaintext(conversationId: string, plaintext: SignedPlaintext, refresh: boolean): Promise<EncryptedDraft> {
    const signingKey = await this.deviceSigningKey();
    const keys = await this.keysOf(conversationId, refresh);
    const recipients: openpgp.PublicKey[] = [];
    const seen = new Map<string, { devices: string[]; backup: string | null }>();
    for (const d of keys.devices) {
      if (d.status !== 'active') continue;
      const key = await this.checkedPublicKey(d.publicKey, d.fingerprint);
      if (!key) continue; // does not parse or lies about its fingerprint: never encrypt to it
      recipients.push(key);
      const entry = seen.get(d.userId) ?? { devices: [], backup: null };
      entry.devices.push(d.fingerprint);
      seen.set(d.userId, entry);
    }
    for (const b of keys.backupKeys) {
      const key = await this.checkedPublicKey(b.publicKey, b.fingerprint);
      if (!key) continue;
      recipients.push(key);
      const entry = seen.get(b.userId) ?? { devices: [], backup: null };
      entry.backup = b.fingerprint;
      seen.set(b.userId, entry);
    }
    for (const [userId, entry] of seen) await this.observe(userId, safetyEntries(entry.devices, entry.backup));
    if (recipients.length === 0) throw new E2eeError('no-device-key', 'Nobody in this conversation has an encryption key yet.');
    const text = JSON.stringify(plaintext);
    const encrypt = async (config: openpgp.PartialConfig) =>
      openpgp.encrypt({
        message: await openpgp.createMessage({ text }),
        encryptionKeys: recipients,
        signingKeys: signingKey,
        format: 'armored',
        config,
      });
    let ciphertext = await encrypt(MESSAGE_CONFIG);
    if (ciphertext.length > MAX_CIPHERTEXT_CHARS) {
      // Many recipients and a long, multi-byte text: compress (only then; the receiver limits inflation).
      ciphertext = await encrypt({ ...MESSAGE_CONFIG, preferredCompressionAlgorithm: openpgp.enums.compression.zlib });
    }
    if (ciphertext.length > MAX_CIPHERTEXT_CHARS) {
      throw new E2eeError('too-large', 'This message is too long to encrypt for this many devices: shorten it.');
    }
    return { ciphertext, keySetVersion: keys.keySetVersion };
  }

  async send<T>(conversationId: string, draft: PlainDraft, post: (encrypted: EncryptedDraft) => Promise<T>): Promise<T> {
    return this.withKeySetRetry((refresh) => this.encryptFor(conversationId, draft, { refresh }), post);
  }

  async sendEdit<T>(
    conversationId: string,
    messageId: string,
    draft: { body: string; replyToMessageId?: string | null },
    patch: (encrypted: EncryptedDraft) => Promise<T>,
  ): Promise<T> {
    return this.withKeySetRetry((refresh) => this.encryptEdit(conversationId, messageId, draft, { refresh }), patch);
  }

  private async withKeySetRetry<T>(
    encrypt: (refresh: boolean) => Promise<EncryptedDraft>,
    request: (encrypted: EncryptedDraft) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const encrypted = await encrypt(attempt > 0);
      try {
        return await request(encrypted);
      } catch (error) {
        if (!isKeySetChanged(error)) throw error;
        if (attempt >= MAX_KEY_SET_RETRIES) {
          throw new E2eeError('key-set-changed', 'The members or their devices keep changing: try sending again.');
        }
      }
    }
  }

  // ---- decrypt ----

  async decrypt(message: EncryptedMessageLike): Promise<DecryptResult> {
    const cacheKey = JSON.stringify([
      message.conversationId,
      message.senderId,
      message.messageId ?? null,
      message.clientMessageId ?? null,
      message.editedAt ?? message.createdAt ?? null,
      message.ciphertext,
    ]);
    const cached = this.decrypted.get(cacheKey);
    if (cached) return cached;
    const result = await this.decryptUncached(message);
    if (result.ok) {
      if (this.decrypted.size >= DECRYPT_CACHE_SIZE) this.decrypted.delete(this.decrypted.keys().next().value!);
      this.decrypted.set(cacheKey, result);
    }
    return result;
  }

  private async decryptUncached(message: EncryptedMessageLike): Promise<DecryptResult> {
    const fail = (reason: DecryptFailureReason, detail: string): DecryptResult => ({ ok: false, reason, detail });
    if (!message.ciphertext) return fail('malformed', 'The message has no ciphertext.');
    let parsed: openpgp.Message<string>;
    try {
      parsed = await openpgp.readMessage({ armoredMessage: message.ciphertext });
    } catch {
      return fail('malformed', 'Not an OpenPGP message.');
    }

    // Which of our private keys is it for? (device keys of this browser, then the backup key)
    const { userId } = await this.identity();
    const candidates: openpgp.PrivateKey[] = [];
    for (const k of await this.store.deviceKeys(userId)) candidates.push(await this.privateKey(k.armoredPrivateKey));
    const backup = await this.store.backupKey(userId);
    if (backup) candidates.push(await this.privateKey(backup.armoredPrivateKey));
    const wanted = parsed.getEncryptionKeyIDs();
    const decryptionKeys = candidates.filter((key) =>
      key.getKeyIDs().some((id) => wanted.some((w) => w.equals(id))),
    );
    if (decryptionKeys.length === 0) {
      return fail('no-key-for-this-device', 'This message was not encrypted for this device.');
    }

    // Verify against every key the sender ever had (old messages stay verifiable); when the
    // signer is unknown and the list came from the cache, ask the server once more (a new device).
    const cached = this.userKeys.has(message.senderId);
    let outcome = await this.decryptAndVerify(message.ciphertext, decryptionKeys, message.senderId, false);
    if (outcome === 'unknown-key' && cached) {
      outcome = await this.decryptAndVerify(message.ciphertext, decryptionKeys, message.senderId, true);
    }
    if (outcome === 'undecryptable') return fail('tampered', 'The message could not be decrypted: it was altered.');
    if (outcome === 'unsigned') return fail('tampered', 'The message is not signed.');
    if (outcome === 'unknown-key') return fail('bad-signature', 'Not signed by a device of the sender.');
    if (outcome === 'invalid') return fail('tampered', 'The signature does not match the message.');
    const { signer, data } = outcome;

    const at = Date.parse(message.editedAt ?? message.createdAt ?? '');
    if (signer.status !== 'active' && signer.endedAt && Number.isFinite(at)) {
      if (at > Date.parse(signer.endedAt) + ENDED_KEY_GRACE_MS) {
        return fail('bad-signature', 'Signed by a device key that had already been revoked.');
      }
    }

    let plaintext: Partial<SignedPlaintext>;
    try {
      plaintext = JSON.parse(data) as Partial<SignedPlaintext>;
    } catch {
      return fail('malformed', 'The decrypted text is not a Parley message.');
    }
    if (
      typeof plaintext !== 'object' ||
      plaintext === null ||
      plaintext.v !== 1 ||
      typeof plaintext.body !== 'string' ||
      typeof plaintext.conversationId !== 'string'
    ) {
      return fail('malformed', 'The decrypted text is not a Parley message.');
    }
    if (plaintext.conversationId !== message.conversationId) {
      return fail('wrong-conversation', 'This message was written for another conversation.');
    }
    if (message.clientMessageId && plaintext.clientMessageId && plaintext.clientMessageId !== message.clientMessageId) {
      return fail('wrong-conversation', 'This message was written as another message.');
    }
    if (plaintext.messageId !== undefined && message.messageId !== undefined && plaintext.messageId !== String(message.messageId)) {
      return fail('wrong-conversation', 'This edit was written for another message.');
    }
    return {
      ok: true,
      body: plaintext.body,
      replyToMessageId: typeof plaintext.replyToMessageId === 'string' ? plaintext.replyToMessageId : null,
      clientMessageId: typeof plaintext.clientMessageId === 'string' ? plaintext.clientMessageId : null,
      signedBy: { userId: message.senderId, fingerprint: signer.fingerprint, status: signer.status },
    };
  }

  /** Decrypts and finds the sender's device key that made a valid signature, or says why not. */
  private async decryptAndVerify(
    armored: string,
    decryptionKeys: openpgp.PrivateKey[],
    senderId: string,
    refresh: boolean,
  ): Promise<{ signer: DeviceKey; data: string } | 'undecryptable' | 'unsigned' | 'unknown-key' | 'invalid'> {
    let devices: DeviceKey[] = [];
    try {
      devices = (await this.deviceKeysOf(senderId, refresh)).items.filter((d) => d.userId === senderId);
    } catch {
      // cannot learn the sender's keys now: nothing verifies
    }
    const known: { device: DeviceKey; key: openpgp.PublicKey }[] = [];
    for (const device of devices) {
      const key = await this.checkedPublicKey(device.publicKey, device.fingerprint);
      if (key) known.push({ device, key });
    }
    let result: { data: string; signatures: Awaited<ReturnType<typeof openpgp.decrypt>>["signatures"] };
    try {
      result = (await openpgp.decrypt({
        message: await openpgp.readMessage({ armoredMessage: armored }),
        decryptionKeys,
        verificationKeys: known.map((k) => k.key),
        expectSigned: false,
        format: 'utf8',
        config: { allowUnauthenticatedMessages: false, maxDecompressedMessageSize: MAX_PLAINTEXT_BYTES },
      })) as { data: string; signatures: Awaited<ReturnType<typeof openpgp.decrypt>>["signatures"] };
    } catch {
      return 'undecryptable';
    }
    if (result.signatures.length === 0) return 'unsigned';
    let sawKnownKey = false;
    for (const signature of result.signatures) {
      const match = known.find((k) => k.key.getKeyIDs().some((id) => id.equals(signature.keyID)));
      if (!match) continue;
      sawKnownKey = true;
      try {
        await signature.verified;
        return { signer: match.device, data: result.data };
      } catch {
        // an invalid signature by a known key: keep looking, else report it
      }
    }
    return sawKnownKey ? 'invalid' : 'unknown-key';
  }

  // ---- key changes (trust on first use) ----

  private async observe(userId: string, entries: string[]): Promise<KeyChange | null> {
    const owner = await this.userId();
    const record = await this.trust.get(owner, userId);
    if (!record) {
      await this.trust.put(owner, userId, { fingerprints: entries, pending: null });
      return null;
    }
    if (sameSet(record.fingerprints, entries)) {
      if (record.pending) await this.trust.put(owner, userId, { fingerprints: record.fingerprints, pending: null });
      return null;
    }
    const change: KeyChange = {
      userId,
      added: entries.filter((e) => !record.fingerprints.includes(e)),
      removed: record.fingerprints.filter((e) => !entries.includes(e)),
      detectedAt: new Date().toISOString(),
    };
    const previous = record.pending;
    if (previous && sameSet(previous.added, change.added) && sameSet(previous.removed, change.removed)) return previous;
    const next: TrustRecord = { fingerprints: record.fingerprints, pending: change };
    await this.trust.put(owner, userId, next);
    for (const listener of this.listeners) listener(change);
    return change;
  }

  private async currentEntries(userId: string, refresh = false): Promise<string[]> {
    const keys = await this.deviceKeysOf(userId, refresh);
    const devices: string[] = [];
    for (const d of keys.items) {
      if (d.status === 'active' && d.userId === userId && (await this.checkedPublicKey(d.publicKey, d.fingerprint))) {
        devices.push(d.fingerprint);
      }
    }
    const backup =
      keys.backupKey && (await this.checkedPublicKey(keys.backupKey.publicKey, keys.backupKey.fingerprint))
        ? keys.backupKey.fingerprint
        : null;
    return safetyEntries(devices, backup);
  }

  async keyChanges(): Promise<KeyChange[]> {
    const owner = await this.userId();
    return Object.values(await this.trust.all(owner))
      .map((r) => r.pending)
      .filter((p): p is KeyChange => p !== null)
      .sort((a, b) => a.detectedAt.localeCompare(b.detectedAt));
  }

  async acknowledgeKeyChange(userId: string): Promise<void> {
    const owner = await this.userId();
    const entries = await this.currentEntries(userId, true);
    await this.trust.put(owner, userId, { fingerprints: entries, pending: null });
  }

  async keysChanged(userId: string): Promise<KeyChange | null> {
    this.forgetCachedKeys(userId);
    this.decrypted.clear(); // signedBy.status may have changed
    return this.observe(userId, await this.currentEntries(userId, true));
  }

  onKeyChange(listener: (change: KeyChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- safety numbers ----

  async safetyNumber(userId: string): Promise<SafetyNumber> {
    const me = await this.userId();
    const [mine, theirs] = await Promise.all([this.currentEntries(me, true), this.currentEntries(userId, true)]);
    await this.observe(userId, theirs);
    const number = await safetyNumberOf({ userId: me, entries: mine }, { userId, entries: theirs });
    return { digits: number.digits, qrPayload: number.qrPayload, fingerprints: { [me]: mine, [userId]: theirs } };
  }

  // ---- backup ----

  private async serverBackup(): Promise<KeyBackup | null> {
    try {
      const answer = await this.api.get<{ keyBackup: KeyBackup } | KeyBackup>('/api/me/key-backup');
      return 'keyBackup' in answer ? answer.keyBackup : answer;
    } catch (error) {
      if (problemStatus(error) === 404) return null;
      throw error;
    }
  }

  async hasBackup(): Promise<boolean> {
    return (await this.serverBackup()) !== null;
  }

  async backupStatus(): Promise<BackupStatus> {
    const { userId } = await this.identity();
    const server = await this.serverBackup();
    const local = await this.store.backupKey(userId);
    return {
      onServer: server !== null,
      restoredHere: server !== null && local !== null && local.fingerprint === server.fingerprint,
      fingerprint: server?.fingerprint ?? null,
    };
  }

  async setUpBackup(passphrase: string, options?: { replace?: boolean }): Promise<BackupStatus> {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new E2eeError('weak-passphrase', `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    }
    const { userId } = await this.identity();
    const server = await this.serverBackup();
    const local = await this.store.backupKey(userId);
    let privateKey: openpgp.PrivateKey;
    if (server && local && local.fingerprint === server.fingerprint) {
      privateKey = await this.privateKey(local.armoredPrivateKey); // same key, new passphrase
    } else if (server && !options?.replace) {
      throw new E2eeError('backup-exists', 'A backup already exists: restore it with its passphrase, or replace it.');
    } else {
      privateKey = (
        await openpgp.generateKey({
          type: 'curve25519',
          userIDs: [{ name: `parley backup ${userId}` }],
          format: 'object',
          config: KEY_CONFIG,
        })
      ).privateKey;
    }
    const fingerprint = privateKey.getFingerprint();
    const encryptedPrivateKey = (await protect(privateKey, passphrase)).armor();
    await this.api.put('/api/me/key-backup', {
      publicKey: privateKey.toPublic().armor(),
      fingerprint,
      encryptedPrivateKey,
    });
    await this.store.putBackupKey(userId, { fingerprint, armoredPrivateKey: privateKey.armor() });
    this.forgetCachedKeys(userId);
    return { onServer: true, restoredHere: true, fingerprint };
  }

  async restoreBackup(passphrase: string): Promise<BackupStatus> {
    const { userId } = await this.identity();
    const server = await this.serverBackup();
    if (!server) throw new E2eeError('no-backup', 'There is no key backup to restore.');
    let locked: openpgp.PrivateKey;
    try {
      locked = await openpgp.readPrivateKey({ armoredKey: server.encryptedPrivateKey });
    } catch {
      throw new E2eeError('no-backup', 'The stored backup is damaged.');
    }
    if (locked.getFingerprint() !== server.fingerprint.toLowerCase()) {
      throw new E2eeError('no-backup', 'The stored backup does not match its fingerprint.');
    }
    let unlocked: openpgp.PrivateKey;
    try {
      unlocked = await openpgp.decryptKey({ privateKey: locked, passphrase });
    } catch {
      throw new E2eeError('wrong-passphrase', 'That passphrase does not open the backup.');
    }
    await this.store.putBackupKey(userId, { fingerprint: unlocked.getFingerprint(), armoredPrivateKey: unlocked.armor() });
    return { onServer: true, restoredHere: true, fingerprint: unlocked.getFingerprint() };
  }
}

/** Two tabs of one session must not both generate a key for it: serialise through a Web Lock. */
function withDeviceLock<T>(action: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  return locks ? locks.request('parley-e2ee-device-key', action) : action();
}

/** Passphrase protection of the backup key: Argon2 S2K + AEAD where this OpenPGP.js supports it. */
async function protect(privateKey: openpgp.PrivateKey, passphrase: string): Promise<openpgp.PrivateKey> {
  const copy = await openpgp.readPrivateKey({ armoredKey: privateKey.armor() });
  try {
    return await openpgp.encryptKey({
      privateKey: copy,
      passphrase,
      config: { s2kType: openpgp.enums.s2k.argon2, aeadProtect: true },
    });
  } catch {
    const again = await openpgp.readPrivateKey({ armoredKey: privateKey.armor() });
    return openpgp.encryptKey({ privateKey: again, passphrase, config: { s2kType: openpgp.enums.s2k.iterated } });
  }
}
