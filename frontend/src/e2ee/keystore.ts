// Private keys of this browser. Each armored private key is encrypted (AES-GCM, 256 bits, random
// 96-bit IV) under one wrapping key that is a NON-extractable WebCrypto key: script can use it but
// never read its bytes, so a copy of the stored records alone (a disk image, a synced profile, an
// exported IndexedDB) does not reveal the private keys. The wrapping key lives next to the records
// (IndexedDB stores CryptoKey objects by structured clone). docs/adr/0189.
import { E2eeError } from './types';

/** A private key as the E2EE core uses it (only ever in memory). */
export interface StoredKey {
  fingerprint: string;
  /** ASCII-armored, unprotected OpenPGP private key. */
  armoredPrivateKey: string;
}

export interface StoredDeviceKey extends StoredKey {
  sessionId: string;
  createdAt: string;
}

export interface KeyStore {
  /** Every device key this browser holds for the user (the current session's and earlier ones). */
  deviceKeys(userId: string): Promise<StoredDeviceKey[]>;
  putDeviceKey(userId: string, key: StoredDeviceKey): Promise<void>;
  deleteDeviceKeys(userId: string): Promise<void>;
  backupKey(userId: string): Promise<StoredKey | null>;
  putBackupKey(userId: string, key: StoredKey): Promise<void>;
  deleteBackupKey(userId: string): Promise<void>;
}

/** What is actually persisted: never the private key in the clear. */
export interface WrappedRecord {
  kind: 'device' | 'backup';
  userId: string;
  sessionId: string | null;
  fingerprint: string;
  createdAt: string;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

/** Persistence under `WrappingKeyStore`: records by id, and the one wrapping key. */
export interface RecordBackend {
  list(): Promise<WrappedRecord[]>;
  put(id: string, record: WrappedRecord): Promise<void>;
  delete(id: string): Promise<void>;
  wrappingKey(): Promise<CryptoKey | null>;
  putWrappingKey(key: CryptoKey): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class WrappingKeyStore implements KeyStore {
  private key: Promise<CryptoKey> | null = null;

  constructor(protected readonly backend: RecordBackend) {}

  private wrapping(): Promise<CryptoKey> {
    this.key ??= (async () => {
      const existing = await this.backend.wrappingKey();
      if (existing) return existing;
      const created = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await this.backend.putWrappingKey(created);
      // Another tab may have raced us: use whatever won.
      return (await this.backend.wrappingKey()) ?? created;
    })().catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }

  private async seal(kind: WrappedRecord['kind'], userId: string, sessionId: string | null, key: StoredKey, createdAt: string): Promise<WrappedRecord> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const additionalData = encoder.encode(`${kind}/${userId}/${sessionId ?? ''}/${key.fingerprint}`);
    const data = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData },
      await this.wrapping(),
      encoder.encode(key.armoredPrivateKey),
    );
    return { kind, userId, sessionId, fingerprint: key.fingerprint, createdAt, iv, data };
  }

  private async open(record: WrappedRecord): Promise<string | null> {
    try {
      const additionalData = encoder.encode(`${record.kind}/${record.userId}/${record.sessionId ?? ''}/${record.fingerprint}`);
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: record.iv, additionalData },
        await this.wrapping(),
        record.data,
      );
      return decoder.decode(plain);
    } catch {
      return null; // wrapped under a lost wrapping key, or altered: unusable
    }
  }

  async deviceKeys(userId: string): Promise<StoredDeviceKey[]> {
    const records = (await this.backend.list())
      .filter((r) => r.kind === 'device' && r.userId === userId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const result: StoredDeviceKey[] = [];
    for (const r of records) {
      const armored = await this.open(r);
      if (armored) result.push({ sessionId: r.sessionId!, fingerprint: r.fingerprint, createdAt: r.createdAt, armoredPrivateKey: armored });
    }
    return result;
  }

  async putDeviceKey(userId: string, key: StoredDeviceKey): Promise<void> {
    await this.backend.put(`device/${userId}/${key.sessionId}`, await this.seal('device', userId, key.sessionId, key, key.createdAt));
  }

  async deleteDeviceKeys(userId: string): Promise<void> {
    for (const r of await this.backend.list()) {
      if (r.kind === 'device' && r.userId === userId) await this.backend.delete(`device/${userId}/${r.sessionId}`);
    }
  }

  async backupKey(userId: string): Promise<StoredKey | null> {
    const record = (await this.backend.list()).find((r) => r.kind === 'backup' && r.userId === userId);
    if (!record) return null;
    const armored = await this.open(record);
    return armored ? { fingerprint: record.fingerprint, armoredPrivateKey: armored } : null;
  }

  async putBackupKey(userId: string, key: StoredKey): Promise<void> {
    await this.backend.put(`backup/${userId}`, await this.seal('backup', userId, null, key, new Date().toISOString()));
  }

  async deleteBackupKey(userId: string): Promise<void> {
    await this.backend.delete(`backup/${userId}`);
  }
}

/** Records in memory (tests; a browser without IndexedDB keeps keys for the page's lifetime only). */
export class MemoryBackend implements RecordBackend {
  readonly records = new Map<string, WrappedRecord>();
  private key: CryptoKey | null = null;

  async list(): Promise<WrappedRecord[]> {
    return [...this.records.values()];
  }
  async put(id: string, record: WrappedRecord): Promise<void> {
    this.records.set(id, record);
  }
  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }
  async wrappingKey(): Promise<CryptoKey | null> {
    return this.key;
  }
  async putWrappingKey(key: CryptoKey): Promise<void> {
    this.key ??= key;
  }
}

export class MemoryKeyStore extends WrappingKeyStore {
  constructor(readonly records: MemoryBackend = new MemoryBackend()) {
    super(records);
  }
}

const DB_NAME = 'parley-e2ee';
const RECORDS = 'keys';
const META = 'meta';

/** Records and the wrapping key in IndexedDB (database `parley-e2ee`). */
export class IndexedDbBackend implements RecordBackend {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory?: IDBFactory) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = this.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
      if (!factory) {
        reject(new E2eeError('unsupported', 'This browser cannot store encryption keys (no IndexedDB).'));
        return;
      }
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(RECORDS)) db.createObjectStore(RECORDS);
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
    }).catch((error: unknown) => {
      this.db = null;
      throw error;
    });
    return this.db;
  }

  private async run<T>(store: string, mode: IDBTransactionMode, action: (s: IDBObjectStore) => IDBRequest): Promise<T> {
    const db = await this.open();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const request = action(tx.objectStore(store));
      tx.oncomplete = () => resolve(request.result as T);
      tx.onerror = () => reject(tx.error ?? request.error ?? new Error('IndexedDB failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB aborted'));
    });
  }

  list(): Promise<WrappedRecord[]> {
    return this.run<WrappedRecord[]>(RECORDS, 'readonly', (s) => s.getAll());
  }
  async put(id: string, record: WrappedRecord): Promise<void> {
    await this.run(RECORDS, 'readwrite', (s) => s.put(record, id));
  }
  async delete(id: string): Promise<void> {
    await this.run(RECORDS, 'readwrite', (s) => s.delete(id));
  }
  async wrappingKey(): Promise<CryptoKey | null> {
    return (await this.run<CryptoKey | undefined>(META, 'readonly', (s) => s.get('wrapping-key'))) ?? null;
  }
  async putWrappingKey(key: CryptoKey): Promise<void> {
    // add, not put: when two tabs race, the first key stays and the second add fails harmlessly.
    await this.run(META, 'readwrite', (s) => s.add(key, 'wrapping-key')).catch(() => undefined);
  }
}

export class IndexedDbKeyStore extends WrappingKeyStore {
  constructor(factory?: IDBFactory) {
    super(new IndexedDbBackend(factory));
  }
}
