// Trust on first use: the key fingerprints of each user as first seen (or last acknowledged) on this
// device, and the changes found since. Kept per signed-in user in localStorage (public data only).
import type { KeyChange } from './types';

export interface TrustRecord {
  /** The acknowledged fingerprints ("<fp>" for device keys, "backup:<fp>" for the backup key). */
  fingerprints: string[];
  /** A change not yet acknowledged, or null. */
  pending: KeyChange | null;
}

export interface TrustStore {
  get(owner: string, userId: string): Promise<TrustRecord | null>;
  put(owner: string, userId: string, record: TrustRecord): Promise<void>;
  all(owner: string): Promise<Record<string, TrustRecord>>;
}

export class MemoryTrustStore implements TrustStore {
  private readonly data = new Map<string, Record<string, TrustRecord>>();

  async get(owner: string, userId: string): Promise<TrustRecord | null> {
    return structuredClone(this.data.get(owner)?.[userId] ?? null);
  }
  async put(owner: string, userId: string, record: TrustRecord): Promise<void> {
    const all = this.data.get(owner) ?? {};
    all[userId] = structuredClone(record);
    this.data.set(owner, all);
  }
  async all(owner: string): Promise<Record<string, TrustRecord>> {
    return structuredClone(this.data.get(owner) ?? {});
  }
}

export class LocalTrustStore implements TrustStore {
  constructor(private readonly storage: Storage = localStorage) {}

  private key(owner: string): string {
    return `parley.e2ee.trust.${owner}`;
  }
  async get(owner: string, userId: string): Promise<TrustRecord | null> {
    return (await this.all(owner))[userId] ?? null;
  }
  async put(owner: string, userId: string, record: TrustRecord): Promise<void> {
    const all = await this.all(owner);
    all[userId] = record;
    this.storage.setItem(this.key(owner), JSON.stringify(all));
  }
  async all(owner: string): Promise<Record<string, TrustRecord>> {
    try {
      const raw = this.storage.getItem(this.key(owner));
      return raw ? (JSON.parse(raw) as Record<string, TrustRecord>) : {};
    } catch {
      return {};
    }
  }
}
