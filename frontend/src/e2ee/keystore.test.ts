// @vitest-environment node
// Private keys at rest: wrapped by a non-extractable AES-GCM key, in memory and in IndexedDB.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexedDbBackend, IndexedDbKeyStore, MemoryKeyStore, WrappingKeyStore } from './keystore';

const ARMORED = '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nsecret-key-material\n-----END PGP PRIVATE KEY BLOCK-----\n';
const device = { sessionId: 's1', fingerprint: 'ab'.repeat(32), armoredPrivateKey: ARMORED, createdAt: '2026-12-03T04:00:00Z' };

describe('the key store', () => {
  it('keeps only ciphertext at rest, under a non-extractable wrapping key', async () => {
    const store = new MemoryKeyStore();
    await store.putDeviceKey('u1', device);
    const [record] = [...store.records.records.values()];
    expect(new TextDecoder().decode(record.data)).not.toContain('secret-key-material');
    const key = await store.records.wrappingKey();
    expect(key?.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key!)).rejects.toThrow();
    expect(await store.deviceKeys('u1')).toEqual([device]);
    expect(await store.deviceKeys('u2')).toEqual([]);
  });

  it('refuses a record moved to another user or altered (AES-GCM with the record as associated data)', async () => {
    const store = new MemoryKeyStore();
    await store.putDeviceKey('u1', device);
    const [[id, record]] = [...store.records.records.entries()];
    store.records.records.set(id, { ...record, userId: 'u2' });
    expect(await store.deviceKeys('u2')).toEqual([]);
  });

  it('persists keys and the wrapping key in IndexedDB across page loads', async () => {
    const factory = new IDBFactory();
    const first = new IndexedDbKeyStore(factory);
    await first.putDeviceKey('u1', device);
    await first.putBackupKey('u1', { fingerprint: 'cd'.repeat(32), armoredPrivateKey: ARMORED });

    const reloaded = new IndexedDbKeyStore(factory);
    expect(await reloaded.deviceKeys('u1')).toEqual([device]);
    expect((await reloaded.backupKey('u1'))?.fingerprint).toBe('cd'.repeat(32));
    const backend = new IndexedDbBackend(factory);
    expect((await backend.wrappingKey())?.extractable).toBe(false);
    for (const r of await backend.list()) expect(new TextDecoder().decode(r.data)).not.toContain('secret-key-material');

    await reloaded.deleteDeviceKeys('u1');
    await reloaded.deleteBackupKey('u1');
    expect(await new WrappingKeyStore(new IndexedDbBackend(factory)).deviceKeys('u1')).toEqual([]);
    expect(await reloaded.backupKey('u1')).toBeNull();
  });
});
