// The browser's side of docs/api.md "Files": uploads, cancelling them, fetching files with the
// token (blob URLs), downloads, avatars and group pictures.
import { ProblemError, type Http } from '../api/http';
import type { AuthSession } from '../api/session';
import type { Attachment, Conversation, User } from '../api/types';
import { BlobCache } from './blobCache';
import { UploadQueue } from './uploadQueue';
import { newId } from '../state/ids';
import { xhrUploader, type Uploader } from './upload';

export function filePath(id: string, variant: 'full' | 'thumbnail' = 'full'): string {
  return variant === 'thumbnail' ? `/api/files/${id}/thumbnail` : `/api/files/${id}`;
}

/**
 * A file announced by a push may not be fetchable for a moment: the read side learns who may see
 * it from the same event, on its own schedule, and answers 404 until then — or 503 with
 * Retry-After when its file read model lags too far. Either is asked again, waiting longer each
 * time (about 25 s in all), before the file counts as missing.
 */
export async function patientBlob(http: Pick<Http, 'blob'>, path: string, attempts = 8, firstWaitMs = 200): Promise<Blob> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await http.blob(path);
    } catch (error) {
      const notYet = error instanceof ProblemError && (error.status === 404 || error.retryable);
      if (!notYet || attempt >= attempts) throw error;
      const backoff = firstWaitMs * 2 ** (attempt - 1);
      const asked = Math.min(error.retryAfterSeconds ?? 0, 5) * 1000;
      const wait = firstWaitMs === 0 ? 0 : Math.min(Math.max(backoff, asked), 8000);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

export class FilesClient {
  /** Thumbnails (≤ 480×480): many kept, so scrolling back shows them at once. */
  readonly thumbnails: BlobCache;
  /** Whole files (up to 25 MiB each): only the last few are kept. */
  readonly originals: BlobCache;
  readonly upload: Uploader;

  constructor(
    private readonly http: Http,
    session: AuthSession,
  ) {
    this.thumbnails = new BlobCache({ fetch: (path) => patientBlob(http, path), idleLimit: 200 });
    this.originals = new BlobCache({ fetch: (path) => patientBlob(http, path), idleLimit: 2 });
    this.upload = xhrUploader(session);
  }

  cacheFor(path: string): BlobCache {
    return path.endsWith('/thumbnail') ? this.thumbnails : this.originals;
  }

  clear(): void {
    this.thumbnails.clear();
    this.originals.clear();
  }

  newQueue(): UploadQueue {
    return new UploadQueue({ upload: this.upload, remove: (id) => this.deleteUpload(id) });
  }

  deleteUpload(uploadId: string): Promise<void> {
    return this.http.delete(`/api/uploads/${uploadId}`);
  }

  /** Saves a file under its name: the bytes come with the token, then leave through an <a download>. */
  async download(attachment: Pick<Attachment, 'attachmentId' | 'name'>): Promise<void> {
    const blob = await this.http.blob(`${filePath(attachment.attachmentId)}?download`);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = attachment.name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async setAvatar(uploadId: string): Promise<User> {
    return (await this.http.put<{ user: User }>('/api/me/avatar', { uploadId })).user;
  }

  async removeAvatar(): Promise<User> {
    return (await this.http.delete<{ user: User }>('/api/me/avatar')).user;
  }

  async setGroupPicture(conversationId: string, uploadId: string): Promise<Conversation> {
    return (await this.http.put<{ conversation: Conversation }>(`/api/groups/${conversationId}/picture`, { uploadId })).conversation;
  }

  async removeGroupPicture(conversationId: string): Promise<Conversation> {
    return (await this.http.delete<{ conversation: Conversation }>(`/api/groups/${conversationId}/picture`)).conversation;
  }

  /** Uploads one picked image for an avatar or group picture (no queue: one file, at once). */
  async uploadImage(file: File, onProgress?: (fraction: number) => void): Promise<string> {
    const id = newId();
    await this.upload(id, file, file.name || 'picture', { onProgress: (p) => onProgress?.(p.total ? p.loaded / p.total : 0) });
    return id;
  }
}
