// What the chat UI needs from the browser's end-to-end encryption (docs/api.md, End-to-end
// encryption). The crypto core (src/e2ee) implements the cryptography; `fromE2ee` adapts it to this
// narrow interface so components and the store can be tested with a fake.
import type { Message } from '../api/types';

/** How one message shows: as it came (plain), being decrypted, readable, or why it is not. */
export type Reveal =
  | { state: 'plain' }
  | { state: 'pending' }
  | { state: 'ok'; body: string }
  /** Encrypted for this account's earlier devices only: sent before this device existed. */
  | { state: 'before-device' }
  /** Tampered, unsigned, signed by a key that is not the sender's, or otherwise unreadable. */
  | { state: 'failed'; reason: string };

export interface Encrypted {
  ciphertext: string;
  keySetVersion: string;
}

/** A member whose device keys changed since this device last saw them (trust on first use). */
export interface KeyChange {
  userId: string;
  /** When the change was noticed (ISO-8601). */
  detectedAt?: string;
}

export interface SafetyNumber {
  /** 60 digits, the same on both sides (spaces between groups allowed). */
  digits: string;
  /** What the QR code encodes (the other side scans or compares it). */
  qrPayload: string;
}

export interface BackupStatus {
  /** The server holds a passphrase-protected key backup of this account. */
  onServer: boolean;
  /** This device holds the backup key (set up or restored here). */
  restoredHere: boolean;
}

/** A failure the user can act on (a wrong passphrase, a backup that exists already). */
export class EncryptionProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EncryptionProblem';
  }
}

export interface EncryptionService {
  /** Makes sure this device has a key pair and the server has its public key. */
  ensureDevice(): Promise<void>;
  /** Encrypts a new message to every current device and backup key of the conversation. */
  encryptFor(
    conversationId: string,
    content: { body: string; clientMessageId: string; replyToMessageId: string | null },
    options?: { refresh?: boolean },
  ): Promise<Encrypted>;
  /** Encrypts the new text of an edited message. */
  encryptEdit(
    conversationId: string,
    messageId: string,
    content: { body: string; replyToMessageId: string | null },
    options?: { refresh?: boolean },
  ): Promise<Encrypted>;
  /** Never rejects for a bad message: answers why it cannot be read instead. */
  decrypt(message: Message): Promise<Reveal>;
  safetyNumber(userId: string): Promise<SafetyNumber>;
  /** Members whose keys changed and the user has not acknowledged yet. */
  keyChanges(): Promise<KeyChange[]>;
  acknowledgeKeyChange(userId: string): Promise<void>;
  /** The push `keys.changed`: re-checks that user's keys. */
  keysChanged(userId: string): Promise<void>;
  /** Called whenever `keyChanges()` may have changed; returns the unsubscribe function. */
  onKeyChange(listener: () => void): () => void;
  backupStatus(): Promise<BackupStatus>;
  /** Creates (or re-protects) the key backup; `replace` gives up a backup this device cannot open. */
  setUpBackup(passphrase: string, options?: { replace?: boolean }): Promise<void>;
  /** Unlocks the backup key with the passphrase so older messages become readable here. */
  restoreBackup(passphrase: string): Promise<void>;
  /** Before logging out: forgets this device's private keys here and revokes its public key. */
  forgetDevice(): Promise<void>;
}

/** Why the app cannot encrypt here (no WebCrypto outside a secure context, no IndexedDB). */
export function unavailableReason(): string | null {
  if (typeof globalThis.crypto?.subtle === 'undefined') {
    return 'End-to-end encryption needs a secure connection (https or localhost).';
  }
  if (typeof indexedDB === 'undefined') return 'End-to-end encryption needs a browser with IndexedDB.';
  return null;
}

export function isKeySetChanged(error: unknown): boolean {
  const problem = (error as { problem?: { status?: number; type?: string; code?: string } } | null)?.problem;
  if (!problem || problem.status !== 409) return false;
  return /key-set-changed/.test(`${problem.type ?? ''} ${problem.code ?? ''}`);
}
