// Files need the bearer token, which an <img src> cannot carry: their bytes are fetched and shown
// through blob: URLs (the page's CSP allows `img-src blob:`). One URL per path, shared by every
// image that shows it, counted by holders. An unheld URL is kept a while (scrolling back through a
// virtualised list should not fetch again) and revoked once more than `idleLimit` are unheld.

export type BlobState = { status: 'loading' } | { status: 'ready'; url: string } | { status: 'error' };

interface Entry {
  state: BlobState;
  holders: number;
  listeners: Set<() => void>;
}

export interface BlobCacheDeps {
  fetch: (path: string) => Promise<Blob>;
  create?: (blob: Blob) => string;
  revoke?: (url: string) => void;
  idleLimit?: number;
}

export class BlobCache {
  private entries = new Map<string, Entry>();
  /** Unheld paths, oldest first. */
  private idle: string[] = [];
  private readonly create: (blob: Blob) => string;
  private readonly revoke: (url: string) => void;
  private readonly idleLimit: number;

  constructor(private readonly deps: BlobCacheDeps) {
    this.create = deps.create ?? ((b) => URL.createObjectURL(b));
    this.revoke = deps.revoke ?? ((u) => URL.revokeObjectURL(u));
    this.idleLimit = deps.idleLimit ?? 100;
  }

  /** Holds the path's URL until the returned release is called; `listener` hears when it is ready. */
  hold(path: string, listener: () => void): () => void {
    let entry = this.entries.get(path);
    if (!entry || entry.state.status === 'error') {
      entry = entry ?? { state: { status: 'loading' }, holders: 0, listeners: new Set() };
      entry.state = { status: 'loading' };
      this.entries.set(path, entry);
      this.load(path, entry);
    }
    this.idle = this.idle.filter((p) => p !== path);
    entry.holders++;
    entry.listeners.add(listener);
    const held = entry;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.listeners.delete(listener);
      held.holders--;
      if (held.holders === 0 && this.entries.get(path) === held) {
        this.idle.push(path);
        this.trim();
      }
    };
  }

  state(path: string): BlobState {
    return this.entries.get(path)?.state ?? { status: 'loading' };
  }

  /** Revokes every URL (log out, or the chat closing). */
  clear(): void {
    for (const entry of this.entries.values()) if (entry.state.status === 'ready') this.revoke(entry.state.url);
    this.entries.clear();
    this.idle = [];
  }

  /** How many URLs are alive (not yet revoked); for tests and diagnostics. */
  get size(): number {
    return [...this.entries.values()].filter((e) => e.state.status === 'ready').length;
  }

  private load(path: string, entry: Entry): void {
    this.deps.fetch(path).then(
      (blob) => {
        if (this.entries.get(path) !== entry) return; // evicted or cleared meanwhile
        entry.state = { status: 'ready', url: this.create(blob) };
        this.notify(entry);
      },
      () => {
        if (this.entries.get(path) !== entry) return;
        entry.state = { status: 'error' }; // not kept: the next holder tries again
        this.notify(entry);
      },
    );
  }

  private trim(): void {
    while (this.idle.length > this.idleLimit) {
      const path = this.idle.shift()!;
      const entry = this.entries.get(path);
      this.entries.delete(path);
      if (entry?.state.status === 'ready') this.revoke(entry.state.url);
    }
  }

  private notify(entry: Entry): void {
    for (const listener of [...entry.listeners]) listener();
  }
}
