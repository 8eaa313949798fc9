// The files waiting in one composer: each uploads as soon as it is picked, with its progress,
// and may be cancelled (the request aborted, or the finished upload deleted) until it is sent.
// React reads it through subscribe/getState (useSyncExternalStore); the I/O is passed in.
import type { Upload } from '../api/types';
import { newId } from '../state/ids';
import { IMAGE_TYPES, checkFiles, rejectionText } from './rules';
import { UploadAbortedError, uploadErrorText, type Uploader } from './upload';

export type UploadStatus = 'uploading' | 'done' | 'failed';

export interface PendingUpload {
  /** The uploadId chosen here: it becomes the attachment's id. */
  id: string;
  name: string;
  size: number;
  type: string;
  /** A local object URL for an image's thumbnail (the server shows an unattached upload to no one). */
  previewUrl: string | null;
  loaded: number;
  status: UploadStatus;
  error: string | null;
  upload: Upload | null;
}

export interface QueueState {
  items: PendingUpload[];
  /** Why the last picked files were not all attached, or null. */
  notice: string | null;
}

export interface QueueDeps {
  upload: Uploader;
  remove: (uploadId: string) => Promise<void>;
  objectUrls?: { create: (file: Blob) => string; revoke: (url: string) => void };
  newId?: () => string;
}

export class UploadQueue {
  private state: QueueState = { items: [], notice: null };
  private listeners = new Set<() => void>();
  private files = new Map<string, File>();
  private controllers = new Map<string, AbortController>();
  private readonly urls: NonNullable<QueueDeps['objectUrls']>;
  private readonly makeId: () => string;

  constructor(private readonly deps: QueueDeps) {
    this.urls = deps.objectUrls ?? { create: (f) => URL.createObjectURL(f), revoke: (u) => URL.revokeObjectURL(u) };
    this.makeId = deps.newId ?? (() => newId());
  }

  getState = (): QueueState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** True while any file is still on its way up. */
  get busy(): boolean {
    return this.state.items.some((i) => i.status === 'uploading');
  }

  /** True when there is something to send and every file is uploaded. */
  get ready(): boolean {
    return this.state.items.length > 0 && this.state.items.every((i) => i.status === 'done');
  }

  /** Checks the files against the limits, then starts uploading those accepted. */
  add(files: File[]): void {
    const { accepted, rejected } = checkFiles(this.state.items.length, files);
    const added: PendingUpload[] = accepted.map((file) => {
      const id = this.makeId();
      this.files.set(id, file);
      return {
        id,
        name: file.name || 'file',
        size: file.size,
        type: file.type,
        previewUrl: IMAGE_TYPES.includes(file.type) ? this.urls.create(file) : null,
        loaded: 0,
        status: 'uploading',
        error: null,
        upload: null,
      };
    });
    this.set({ items: [...this.state.items, ...added], notice: rejected.length ? rejectionText(rejected) : null });
    for (const item of added) void this.start(item.id);
  }

  /** Tries a failed upload again under the same id (safe: same id, same bytes). */
  retry(id: string): void {
    const item = this.find(id);
    if (!item || item.status !== 'failed') return;
    this.patch(id, { status: 'uploading', error: null, loaded: 0 });
    void this.start(id);
  }

  /** Cancels one file: aborts its upload, or deletes it on the server once uploaded. */
  remove(id: string): void {
    const item = this.find(id);
    if (!item) return;
    this.controllers.get(id)?.abort();
    if (item.status === 'done') void this.deps.remove(id).catch(() => undefined);
    this.forget(item);
    this.set({ items: this.state.items.filter((i) => i.id !== id), notice: null });
  }

  /** The uploads to send with a message; they leave the composer (they belong to the message now). */
  take(): Upload[] {
    if (!this.ready) return [];
    const uploads = this.state.items.map((i) => i.upload!);
    for (const item of this.state.items) this.forget(item);
    this.set({ items: [], notice: null });
    return uploads;
  }

  /** Leaving the composer: nothing is sent, so nothing uploaded is kept. */
  dispose(): void {
    for (const item of this.state.items) this.remove(item.id);
  }

  dismissNotice(): void {
    if (this.state.notice) this.set({ ...this.state, notice: null });
  }

  private async start(id: string): Promise<void> {
    const file = this.files.get(id);
    const item = this.find(id);
    if (!file || !item) return;
    const controller = new AbortController();
    this.controllers.set(id, controller);
    try {
      const upload = await this.deps.upload(id, file, item.name, {
        signal: controller.signal,
        onProgress: ({ loaded }) => {
          if (this.find(id)?.status === 'uploading') this.patch(id, { loaded: Math.min(loaded, file.size) });
        },
      });
      if (!this.find(id)) {
        void this.deps.remove(id).catch(() => undefined); // removed while its last bytes were acknowledged
        return;
      }
      this.patch(id, { status: 'done', loaded: file.size, upload });
    } catch (error) {
      if (error instanceof UploadAbortedError || !this.find(id)) return;
      this.patch(id, { status: 'failed', error: uploadErrorText(error) });
    } finally {
      if (this.controllers.get(id) === controller) this.controllers.delete(id);
    }
  }

  private forget(item: PendingUpload): void {
    if (item.previewUrl) this.urls.revoke(item.previewUrl);
    this.files.delete(item.id);
    this.controllers.delete(item.id);
  }

  private find(id: string): PendingUpload | undefined {
    return this.state.items.find((i) => i.id === id);
  }

  private patch(id: string, change: Partial<PendingUpload>): void {
    this.set({ ...this.state, items: this.state.items.map((i) => (i.id === id ? { ...i, ...change } : i)) });
  }

  private set(state: QueueState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
