import { describe, expect, it } from 'vitest';
import { ProblemError } from '../api/http';
import type { Upload } from '../api/types';
import { MAX_FILE_BYTES } from './rules';
import { UploadAbortedError, type UploadOptions } from './upload';
import { UploadQueue } from './uploadQueue';

interface Call {
  uploadId: string;
  name: string;
  options: UploadOptions;
  resolve: (u: Upload) => void;
  reject: (e: Error) => void;
}

function uploadOf(uploadId: string, name: string, size: number): Upload {
  return {
    uploadId,
    name,
    contentType: 'image/png',
    size,
    sha256: 'ab',
    width: 2,
    height: 2,
    thumbnail: true,
    createdAt: '2026-12-02T10:00:00Z',
    expiresAt: '2026-12-03T10:00:00Z',
  };
}

/** The queue against an uploader the test answers by hand (the XHR is the I/O edge). */
function harness() {
  const calls: Call[] = [];
  const deleted: string[] = [];
  const revoked: string[] = [];
  let ids = 0;
  let urls = 0;
  const queue = new UploadQueue({
    upload: (uploadId, _file, name, options = {}) =>
      new Promise((resolve, reject) => {
        calls.push({ uploadId, name, options, resolve, reject });
        options.signal?.addEventListener('abort', () => reject(new UploadAbortedError()));
      }),
    remove: async (id) => {
      deleted.push(id);
    },
    objectUrls: { create: () => `blob:local/${++urls}`, revoke: (u) => revoked.push(u) },
    newId: () => `u${++ids}`,
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { queue, calls, deleted, revoked, settle };
}

function file(name: string, size: number, type = 'image/png'): File {
  return new File([new Uint8Array(size)], name, { type });
}

describe('the composer’s upload queue', () => {
  it('uploads each picked file at once, shows its progress, and is ready when all are up', async () => {
    const { queue, calls, settle } = harness();
    queue.add([file('a.png', 100), file('notes.txt', 50, 'text/plain')]);
    expect(calls.map((c) => [c.uploadId, c.name])).toEqual([
      ['u1', 'a.png'],
      ['u2', 'notes.txt'],
    ]);
    const [a, b] = queue.getState().items;
    expect(a).toMatchObject({ id: 'u1', status: 'uploading', loaded: 0, previewUrl: 'blob:local/1' });
    expect(b.previewUrl).toBeNull(); // only images get a local thumbnail
    expect(queue.busy).toBe(true);

    calls[0].options.onProgress!({ loaded: 40, total: 100 });
    expect(queue.getState().items[0].loaded).toBe(40);
    calls[0].resolve(uploadOf('u1', 'a.png', 100));
    await settle();
    expect(queue.getState().items[0]).toMatchObject({ status: 'done', loaded: 100 });
    expect(queue.ready).toBe(false);

    calls[1].resolve(uploadOf('u2', 'notes.txt', 50));
    await settle();
    expect(queue.ready).toBe(true);
    expect(queue.busy).toBe(false);
  });

  it('hands the uploads over for sending, then is empty and frees the local previews', async () => {
    const { queue, calls, revoked, settle } = harness();
    queue.add([file('a.png', 10)]);
    calls[0].resolve(uploadOf('u1', 'a.png', 10));
    await settle();
    expect(queue.take().map((u) => u.uploadId)).toEqual(['u1']);
    expect(queue.getState().items).toEqual([]);
    expect(revoked).toEqual(['blob:local/1']);
  });

  it('gives nothing to send while a file is still uploading', () => {
    const { queue } = harness();
    queue.add([file('a.png', 10)]);
    expect(queue.take()).toEqual([]);
    expect(queue.getState().items).toHaveLength(1);
  });

  it('cancelling a file on its way aborts the request; removing an uploaded one deletes it on the server', async () => {
    const { queue, calls, deleted, revoked, settle } = harness();
    queue.add([file('a.png', 10), file('b.png', 10)]);
    queue.remove('u1');
    expect(calls[0].options.signal!.aborted).toBe(true);
    expect(deleted).toEqual([]);
    calls[1].resolve(uploadOf('u2', 'b.png', 10));
    await settle();
    queue.remove('u2');
    expect(deleted).toEqual(['u2']);
    expect(queue.getState().items).toEqual([]);
    expect(revoked).toEqual(['blob:local/1', 'blob:local/2']);
  });

  it('deletes an upload that the server finished just as it was cancelled', async () => {
    const deleted: string[] = [];
    const calls: Call[] = [];
    const queue = new UploadQueue({
      // This uploader ignores the abort, as a request whose answer is already on its way does.
      upload: (uploadId, _f, name, options = {}) => new Promise((resolve, reject) => calls.push({ uploadId, name, options, resolve, reject })),
      remove: async (id) => {
        deleted.push(id);
      },
      objectUrls: { create: () => 'blob:x', revoke: () => {} },
      newId: () => 'late',
    });
    queue.add([file('a.png', 10)]);
    queue.remove('late');
    calls[0].resolve(uploadOf('late', 'a.png', 10));
    await new Promise((r) => setTimeout(r, 0));
    expect(deleted).toEqual(['late']);
    expect(queue.getState().items).toEqual([]);
  });

  it('refuses an eleventh file and a file over 25 MiB before uploading, and says why', () => {
    const { queue, calls } = harness();
    queue.add(Array.from({ length: 10 }, (_, i) => file(`f${i}.png`, 1)));
    queue.add([file('eleven.png', 1)]);
    expect(calls).toHaveLength(10);
    expect(queue.getState().notice).toBe("Couldn't attach eleven.png: it would be more than 10 files.");
    queue.remove('u1');
    const big = file('huge.png', 1);
    Object.defineProperty(big, 'size', { value: MAX_FILE_BYTES + 1 });
    queue.add([big]);
    expect(calls).toHaveLength(10);
    expect(queue.getState().notice).toBe("Couldn't attach huge.png: it is larger than 25 MB.");
    queue.dismissNotice();
    expect(queue.getState().notice).toBeNull();
  });

  it.each([
    [413, undefined, 'Too large: files can be at most 25 MB.'],
    [409, 'urn:parley:problem:quota-exceeded', 'Your storage is full (over 1 GB). Delete some files, then retry.'],
    [400, 'urn:parley:problem:invalid-input', 'name is too long'],
  ])('shows why the server refused an upload (%i)', async (status, type, text) => {
    const { queue, calls, settle } = harness();
    queue.add([file('a.png', 10)]);
    const detail = status === 409 ? 'over 1 GB' : status === 400 ? 'name is too long' : undefined;
    calls[0].reject(new ProblemError({ status, type, detail }));
    await settle();
    expect(queue.getState().items[0]).toMatchObject({ status: 'failed', error: text });
    expect(queue.ready).toBe(false);
  });

  it('retries a failed upload under the same id, so the server can tell it is the same file', async () => {
    const { queue, calls, settle } = harness();
    queue.add([file('a.png', 10)]);
    calls[0].reject(new Error('Upload failed: no connection.'));
    await settle();
    expect(queue.getState().items[0].error).toBe('Upload failed: no connection.');
    queue.retry('u1');
    expect(calls.map((c) => c.uploadId)).toEqual(['u1', 'u1']);
    calls[1].resolve(uploadOf('u1', 'a.png', 10));
    await settle();
    expect(queue.ready).toBe(true);
  });

  it('leaving the conversation cancels what is on its way and deletes what was uploaded', async () => {
    const { queue, calls, deleted, settle } = harness();
    queue.add([file('a.png', 10), file('b.png', 10)]);
    calls[0].resolve(uploadOf('u1', 'a.png', 10));
    await settle();
    queue.dispose();
    expect(deleted).toEqual(['u1']);
    expect(calls[1].options.signal!.aborted).toBe(true);
    expect(queue.getState().items).toEqual([]);
  });
});
