// PUT /api/uploads/{uploadId} over XMLHttpRequest: fetch reports no upload progress. Same token
// rules as the REST client (http.ts): the bearer token on the request, one refresh and retry on 401.
import { ProblemError } from '../api/http';
import { SessionExpiredError, type AuthSession } from '../api/session';
import type { Problem, Upload } from '../api/types';

export interface Progress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

export type Uploader = (uploadId: string, file: Blob, name: string, options?: UploadOptions) => Promise<Upload>;

export class UploadAbortedError extends Error {
  constructor() {
    super('Upload cancelled.');
    this.name = 'UploadAbortedError';
  }
}

interface Answer {
  status: number;
  text: string;
  retryAfter: string | null;
}

function put(url: string, file: Blob, token: string, options: UploadOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new UploadAbortedError());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => options.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, retryAfter: xhr.getResponseHeader('Retry-After') });
    xhr.onerror = () => reject(new Error('Upload failed: no connection.'));
    xhr.onabort = () => reject(new UploadAbortedError());
    const abort = () => xhr.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    xhr.onloadend = () => options.signal?.removeEventListener('abort', abort);
    xhr.send(file);
  });
}

function problemOf(answer: Answer): ProblemError {
  let body: Partial<Problem> = {};
  try {
    body = JSON.parse(answer.text) as Partial<Problem>;
  } catch {
    // not JSON: the status says enough
  }
  const retryAfter = Number.parseInt(answer.retryAfter ?? '', 10);
  return new ProblemError({ ...body, status: answer.status }, Number.isFinite(retryAfter) ? retryAfter : null);
}

/** Uploads one file under the id the client chose (a retry with the same id and bytes is safe). */
export function xhrUploader(session: AuthSession, base = ''): Uploader {
  return async (uploadId, file, name, options = {}) => {
    const url = `${base}/api/uploads/${encodeURIComponent(uploadId)}?name=${encodeURIComponent(name)}`;
    let answer = await put(url, file, await session.accessToken(), options);
    if (answer.status === 401) {
      await session.refresh();
      answer = await put(url, file, await session.accessToken(), options);
      if (answer.status === 401) {
        session.markExpired();
        throw new SessionExpiredError();
      }
    }
    if (answer.status < 200 || answer.status >= 300) throw problemOf(answer);
    return (JSON.parse(answer.text) as { upload: Upload }).upload;
  };
}

/** What to tell the person when an upload is refused (docs/api.md, Files: 413, 409, 400). */
export function uploadErrorText(error: unknown): string {
  if (error instanceof SessionExpiredError) return 'Not uploaded: log in again, then retry.';
  if (error instanceof ProblemError) {
    if (error.status === 413) return 'Too large: files can be at most 25 MB.';
    if (error.problem.type?.endsWith(':quota-exceeded')) {
      return `Your storage is full${error.problem.detail ? ` (${error.problem.detail})` : ''}. Delete some files, then retry.`;
    }
    if (error.status === 409) return 'This upload clashed with an earlier one. Remove it and attach the file again.';
    if (error.status === 400) return error.problem.detail || 'The server refused this file.';
    if (error.status === 503 || error.status === 429) return 'The server is busy. Retry in a moment.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Upload failed.';
}
