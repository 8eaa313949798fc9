// Adapts the crypto core (src/e2ee, OpenPGP.js) to what the UI calls (./service.ts): results the
// UI can show, errors it can explain.
import type { Message } from '../api/types';
// Types only: OpenPGP.js is loaded by the app (ChatApp), not by whoever imports this adapter.
import type { DecryptFailureReason, E2ee } from '../e2ee';
import { EncryptionProblem, type EncryptionService, type Reveal } from './service';

const REASONS: Record<Exclude<DecryptFailureReason, 'no-key-for-this-device'>, string> = {
  tampered: 'altered or unsigned',
  'bad-signature': 'not signed by the sender’s devices',
  'wrong-conversation': 'it belongs to another conversation',
  malformed: 'not a message this app can read',
};

/** What a decrypt result shows as. */
export function revealOf(result: Awaited<ReturnType<E2ee['decrypt']>>): Reveal {
  if (result.ok) return { state: 'ok', body: result.body };
  if (result.reason === 'no-key-for-this-device') return { state: 'before-device' };
  return { state: 'failed', reason: REASONS[result.reason] ?? result.reason };
}

function explained<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    const e2ee = error as { name?: string; code?: string; message?: string } | null;
    if (e2ee?.name === 'E2eeError' && e2ee.code) throw new EncryptionProblem(e2ee.code, e2ee.message ?? e2ee.code);
    throw error;
  });
}

/**
 * The service, with the crypto core (OpenPGP.js, the larger part of the bundle) loaded on first
 * use rather than with the app.
 */
export function lazyEncryption(load: () => Promise<EncryptionService>): EncryptionService {
  let loading: Promise<EncryptionService> | null = null;
  const get = () => (loading ??= load());
  const listeners = new Set<() => void>();
  let hooked = false;
  const hook = () => {
    if (hooked) return;
    hooked = true;
    void get()
      .then((s) => s.onKeyChange(() => [...listeners].forEach((l) => l())))
      .catch(() => undefined);
  };
  return {
    ensureDevice: async () => (await get()).ensureDevice(),
    encryptFor: async (...args) => (await get()).encryptFor(...args),
    encryptEdit: async (...args) => (await get()).encryptEdit(...args),
    decrypt: async (message) => (await get()).decrypt(message),
    safetyNumber: async (userId) => (await get()).safetyNumber(userId),
    keyChanges: async () => (await get()).keyChanges(),
    acknowledgeKeyChange: async (userId) => (await get()).acknowledgeKeyChange(userId),
    keysChanged: async (userId) => (await get()).keysChanged(userId),
    onKeyChange: (listener) => {
      listeners.add(listener);
      hook();
      return () => listeners.delete(listener);
    },
    backupStatus: async () => (await get()).backupStatus(),
    setUpBackup: async (...args) => (await get()).setUpBackup(...args),
    restoreBackup: async (passphrase) => (await get()).restoreBackup(passphrase),
    forgetDevice: async () => (await get()).forgetDevice(),
  };
}

export function fromE2ee(e2ee: E2ee): EncryptionService {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  e2ee.onKeyChange(notify);
  return {
    ensureDevice: async () => {
      await e2ee.ensureDevice();
    },
    encryptFor: (conversationId, content, options) => explained(e2ee.encryptFor(conversationId, content, options)),
    encryptEdit: (conversationId, messageId, content, options) =>
      explained(e2ee.encryptEdit(conversationId, messageId, content, options)),
    decrypt: async (message: Message) =>
      revealOf(
        await e2ee.decrypt({
          conversationId: message.conversationId,
          senderId: message.senderId,
          ciphertext: message.ciphertext ?? null,
          messageId: message.messageId,
          clientMessageId: (message as { clientMessageId?: string | null }).clientMessageId ?? null,
          createdAt: message.createdAt,
          editedAt: message.editedAt,
        }),
      ),
    safetyNumber: (userId) => explained(e2ee.safetyNumber(userId)),
    keyChanges: () => e2ee.keyChanges(),
    acknowledgeKeyChange: async (userId) => {
      await e2ee.acknowledgeKeyChange(userId);
      notify();
    },
    keysChanged: async (userId) => {
      await e2ee.keysChanged(userId);
      notify();
    },
    onKeyChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    backupStatus: () => explained(e2ee.backupStatus()),
    setUpBackup: async (passphrase, options) => {
      await explained(e2ee.setUpBackup(passphrase, options));
    },
    restoreBackup: async (passphrase) => {
      await explained(e2ee.restoreBackup(passphrase));
    },
    forgetDevice: () => e2ee.forgetDevice(),
  };
}
