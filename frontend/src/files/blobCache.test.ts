import { describe, expect, it } from 'vitest';
import { BlobCache } from './blobCache';

/** A fetch whose answers the test gives, one deferred per call, and counted URLs. */
function harness(idleLimit = 2) {
  const calls: { path: string; resolve: (b: Blob) => void; reject: (e: Error) => void }[] = [];
  const created: string[] = [];
  const revoked: string[] = [];
  const cache = new BlobCache({
    fetch: (path) => new Promise((resolve, reject) => calls.push({ path, resolve, reject })),
    create: () => {
      const url = `blob:test/${created.length + 1}`;
      created.push(url);
      return url;
    },
    revoke: (url) => revoked.push(url),
    idleLimit,
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { cache, calls, created, revoked, settle };
}

describe('the blob URL cache', () => {
  it('fetches a path once for every image that shows it, and tells them when it is ready', async () => {
    const { cache, calls, settle } = harness();
    let heard = 0;
    const releaseA = cache.hold('/api/files/1/thumbnail', () => heard++);
    const releaseB = cache.hold('/api/files/1/thumbnail', () => heard++);
    expect(cache.state('/api/files/1/thumbnail')).toEqual({ status: 'loading' });
    expect(calls).toHaveLength(1);
    calls[0].resolve(new Blob(['png']));
    await settle();
    expect(heard).toBe(2);
    expect(cache.state('/api/files/1/thumbnail')).toEqual({ status: 'ready', url: 'blob:test/1' });
    releaseA();
    releaseB();
  });

  it('keeps an unheld URL for the next holder, and revokes the oldest once too many are unheld', async () => {
    const { cache, calls, revoked, settle } = harness(2);
    for (const id of ['1', '2', '3']) {
      const release = cache.hold(`/f/${id}`, () => {});
      calls[calls.length - 1].resolve(new Blob([id]));
      await settle();
      release();
    }
    expect(revoked).toEqual(['blob:test/1']);
    expect(cache.size).toBe(2);
    // Held again before it is evicted: served from the cache, not fetched again.
    const again = cache.hold('/f/2', () => {});
    expect(calls).toHaveLength(3);
    expect(cache.state('/f/2')).toEqual({ status: 'ready', url: 'blob:test/2' });
    // A held URL is never revoked, however many others come and go.
    for (const id of ['4', '5', '6']) {
      const release = cache.hold(`/f/${id}`, () => {});
      calls[calls.length - 1].resolve(new Blob([id]));
      await settle();
      release();
    }
    expect(revoked).not.toContain('blob:test/2');
    again();
  });

  it('does not keep a failed fetch: the next holder tries again', async () => {
    const { cache, calls, settle } = harness();
    const release = cache.hold('/f/x', () => {});
    calls[0].reject(new Error('404'));
    await settle();
    expect(cache.state('/f/x')).toEqual({ status: 'error' });
    release();
    cache.hold('/f/x', () => {});
    expect(calls).toHaveLength(2);
    expect(cache.state('/f/x')).toEqual({ status: 'loading' });
  });

  it('releasing twice counts once', async () => {
    const { cache, calls, revoked, settle } = harness(0);
    const first = cache.hold('/f/1', () => {});
    const second = cache.hold('/f/1', () => {});
    calls[0].resolve(new Blob(['1']));
    await settle();
    first();
    first();
    expect(revoked).toEqual([]);
    second();
    expect(revoked).toEqual(['blob:test/1']);
  });

  it('never creates a URL for a fetch that ends after the path was evicted, and clear revokes every URL', async () => {
    const { cache, calls, created, revoked, settle } = harness(0);
    const release = cache.hold('/f/slow', () => {});
    release();
    calls[0].resolve(new Blob(['late']));
    await settle();
    expect(created).toEqual([]);
    const held = cache.hold('/f/kept', () => {});
    calls[1].resolve(new Blob(['k']));
    await settle();
    cache.clear();
    expect(revoked).toEqual(['blob:test/1']);
    expect(cache.size).toBe(0);
    held();
  });
});
