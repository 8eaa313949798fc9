import { ProblemError } from '../api/http';
import type { GatewayEvent } from '../api/types';
import type { Activity, GroupsApi } from './api';

type Listener = () => void;

const NONE: Activity[] = [];

/**
 * The system entries of each group's timeline. Loaded when a group opens, and loaded again when a
 * push says its members or settings changed: the activity read waits for the read models like a
 * history read (docs/adr/0110), so it holds the change the push announced. When the read models
 * are too far behind for that wait (503 with Retry-After), the load is asked again after the
 * server's delay, a few times: the change would otherwise never show.
 */
export class ActivityStore {
  static readonly RETRIES = 5;

  private entries: Record<string, Activity[]> = {};
  private listeners = new Set<Listener>();
  private loading: Record<string, Promise<void> | undefined> = {};
  private again = new Set<string>();

  constructor(
    private readonly api: GroupsApi,
    private readonly later: (run: () => void, ms: number) => void = (run, ms) => void setTimeout(run, ms),
  ) {}

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getEntries = (): Record<string, Activity[]> => this.entries;

  of(id: string): Activity[] {
    return this.entries[id] ?? NONE; // the same array each time: a snapshot for useSyncExternalStore
  }

  /** Loads a group's latest entries; a load asked for while one runs follows it. */
  load(id: string, attempt = 0): Promise<void> {
    if (this.loading[id]) {
      this.again.add(id);
      return this.loading[id]!;
    }
    const run = this.api
      .activity(id)
      .then((items) => {
        this.entries = { ...this.entries, [id]: items };
        this.listeners.forEach((l) => l());
      })
      .catch((error: unknown) => {
        if (!(error instanceof ProblemError) || !error.retryable || attempt >= ActivityStore.RETRIES) return;
        this.later(() => void this.load(id, attempt + 1), (error.retryAfterSeconds ?? 1) * 1000);
      })
      .finally(() => {
        this.loading[id] = undefined;
        if (this.again.delete(id)) void this.load(id);
      });
    this.loading[id] = run;
    return run;
  }

  forget(id: string): void {
    const next = { ...this.entries };
    delete next[id];
    this.entries = next;
    this.listeners.forEach((l) => l());
  }

  handleEvent = (event: GatewayEvent): void => {
    const id = event.conversationId;
    if (!id) return;
    switch (event.type) {
      case 'member.joined':
      case 'member.left':
      case 'member.role_changed':
      case 'conversation.updated':
        if (this.entries[id]) void this.load(id);
        break;
      case 'conversation.deleted':
        this.forget(id);
        break;
      default:
        break;
    }
  };
}
