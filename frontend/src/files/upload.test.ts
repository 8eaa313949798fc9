/// <reference types="node" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemError } from '../api/http';
import { SessionExpiredError, type AuthSession } from '../api/session';
import { UploadAbortedError, uploadErrorText, xhrUploader } from './upload';

// The uploader's real XMLHttpRequest (jsdom's, which speaks HTTP) against a small server on
// loopback that answers as docs/api.md says PUT /api/uploads does.

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Buffer;
}

let server: Server;
let base = '';
const seen: Seen[] = [];
/** What the server answers; null holds the response open (until the test ends). */
let answer: (req: Seen) => { status: number; body: unknown } | null = () => ({ status: 500, body: {} });
const held: ServerResponse[] = [];

function cors(res: ServerResponse) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'PUT');
  res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    cors(res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body: Buffer.concat(chunks) };
      seen.push(request);
      const reply = answer(request);
      if (!reply) {
        held.push(res);
        return;
      }
      const { status, body } = reply;
      res.writeHead(status, { 'Content-Type': status < 300 ? 'application/json' : 'application/problem+json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  for (const res of held) res.end();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A session whose tokens the test controls: `refresh` hands out the next one. */
function session(tokens: string[]) {
  let current = tokens.shift()!;
  const log = { refreshed: 0, expired: false };
  const fake = {
    accessToken: async () => current,
    refresh: async () => {
      log.refreshed++;
      current = tokens.shift() ?? current;
    },
    markExpired: () => {
      log.expired = true;
    },
  } as unknown as AuthSession;
  return { fake, log };
}

const UPLOAD = {
  uploadId: 'b6f3c1de-0000-4000-8000-000000000001',
  name: 'a b.png',
  contentType: 'image/png',
  size: 5,
  sha256: 'ab',
  width: 1,
  height: 1,
  thumbnail: true,
  createdAt: '2026-12-02T10:00:00Z',
  expiresAt: '2026-12-03T10:00:00Z',
};

describe('uploading over XMLHttpRequest', () => {
  it('PUTs the bytes under the chosen id and name, with the bearer token, and returns the upload', async () => {
    seen.length = 0;
    answer = () => ({ status: 201, body: { upload: UPLOAD } });
    const { fake } = session(['t1']);
    const upload = await xhrUploader(fake, base)(UPLOAD.uploadId, new Blob(['hello']), 'a b.png');
    expect(upload).toEqual(UPLOAD);
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('PUT');
    expect(seen[0].url).toBe(`/api/uploads/${UPLOAD.uploadId}?name=a%20b.png`);
    expect(seen[0].authorization).toBe('Bearer t1');
    expect(seen[0].body.toString()).toBe('hello');
  });

  it('on 401 refreshes the token once and sends again', async () => {
    seen.length = 0;
    answer = (req) => (req.authorization === 'Bearer fresh' ? { status: 201, body: { upload: UPLOAD } } : { status: 401, body: { status: 401 } });
    const { fake, log } = session(['stale', 'fresh']);
    await expect(xhrUploader(fake, base)(UPLOAD.uploadId, new Blob(['hello']), 'a.png')).resolves.toEqual(UPLOAD);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(log.refreshed).toBe(1);
  });

  it('ends the session when the refreshed token is refused too', async () => {
    answer = () => ({ status: 401, body: { status: 401 } });
    const { fake, log } = session(['a', 'b']);
    await expect(xhrUploader(fake, base)(UPLOAD.uploadId, new Blob(['x']), 'a.png')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(log.expired).toBe(true);
  });

  it('turns a refusal into a problem the composer can explain', async () => {
    answer = () => ({ status: 409, body: { status: 409, type: 'urn:parley:problem:quota-exceeded', detail: 'quota of 1 GB used' } });
    const { fake } = session(['t']);
    const error = await xhrUploader(fake, base)(UPLOAD.uploadId, new Blob(['x']), 'a.png').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(409);
    expect(uploadErrorText(error)).toBe('Your storage is full (quota of 1 GB used). Delete some files, then retry.');
  });

  it('stops when cancelled, before or while the request is under way', async () => {
    const { fake } = session(['t']);
    const before = new AbortController();
    before.abort();
    await expect(xhrUploader(fake, base)(UPLOAD.uploadId, new Blob(['x']), 'a.png', { signal: before.signal })).rejects.toBeInstanceOf(
      UploadAbortedError,
    );

    seen.length = 0;
    answer = () => null;
    const during = new AbortController();
    const upload = xhrUploader(fake, base)(UPLOAD.uploadId, new Blob(['x']), 'a.png', { signal: during.signal });
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    during.abort();
    await expect(upload).rejects.toBeInstanceOf(UploadAbortedError);
  });
});
