// An in-memory stand-in for the server's E2EE API (docs/api.md, "End-to-end encryption"), only for
// the protocol tests: device keys per session, backups, members, keySetVersion and the 409.
import { createHash } from 'node:crypto';
import { ProblemError } from '../api/http';
import type { BackupKey, ConversationKeys, DeviceKey, E2eeApi, KeyBackup, UserDeviceKeys } from './types';

export interface StoredMessage {
  messageId: string;
  conversationId: string;
  senderId: string;
  ciphertext: string;
  keySetVersion: string;
  clientMessageId: string;
  createdAt: string;
  editedAt: string | null;
}

const MAX_DEVICE_KEYS = 8;
const MAX_MEMBERS = 32;

function problem(status: number, slug: string, detail = slug): ProblemError {
  return new ProblemError({ status, type: `urn:parley:problem:${slug}`, title: slug, detail });
}

/** keySetVersion computed independently of the client's own keyset.ts (node:crypto). */
export function serverKeySetVersion(lines: string[]): string {
  return createHash('sha256').update([...lines].sort().join('\n'), 'utf8').digest('hex');
}

export class FakeServer {
  private readonly devices: DeviceKey[] = [];
  private readonly backups = new Map<string, KeyBackup>();
  readonly members = new Map<string, Set<string>>();
  readonly messages: StoredMessage[] = [];
  private clock = Date.parse('2026-12-03T04:00:00Z');
  private nextId = 1;

  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  createConversation(conversationId: string, memberIds: string[]): void {
    if (memberIds.length > MAX_MEMBERS) throw problem(409, 'too-many-members');
    this.members.set(conversationId, new Set(memberIds));
  }
  addMember(conversationId: string, userId: string): void {
    const members = this.members.get(conversationId)!;
    if (members.size >= MAX_MEMBERS) throw problem(409, 'too-many-members');
    members.add(userId);
  }
  removeMember(conversationId: string, userId: string): void {
    this.members.get(conversationId)!.delete(userId);
  }
  /** A backup public key without the passphrase work (size tests). */
  putBackupKey(userId: string, publicKey: string, fingerprint: string): void {
    this.backups.set(userId, { publicKey, fingerprint, encryptedPrivateKey: '', createdAt: this.now() });
  }

  /** Logout / DELETE /api/me/sessions/{id} / password change …: the session's key is revoked. */
  endSession(userId: string, sessionId: string): void {
    this.end(userId, sessionId, 'revoked');
  }

  private end(userId: string, sessionId: string, status: 'replaced' | 'revoked'): void {
    for (const d of this.devices) {
      if (d.userId === userId && d.sessionId === sessionId && d.status === 'active') {
        d.status = status;
        d.endedAt = this.now();
      }
    }
  }

  keysOf(conversationId: string): ConversationKeys {
    const members = this.members.get(conversationId) ?? new Set<string>();
    const devices = this.devices.filter((d) => d.status === 'active' && members.has(d.userId));
    const backupKeys: BackupKey[] = [];
    for (const userId of members) {
      const b = this.backups.get(userId);
      if (b) backupKeys.push({ userId, fingerprint: b.fingerprint, publicKey: b.publicKey, createdAt: b.createdAt });
    }
    const lines = [
      ...devices.map((d) => `${d.userId} device ${d.fingerprint}`),
      ...backupKeys.map((b) => `${b.userId} backup ${b.fingerprint}`),
    ];
    return { conversationId, keySetVersion: serverKeySetVersion(lines), devices: structuredClone(devices), backupKeys };
  }

  /** POST /api/conversations/{id}/messages for an encrypted conversation. */
  send(
    userId: string,
    conversationId: string,
    request: { clientMessageId: string; ciphertext: string; keySetVersion: string },
  ): StoredMessage {
    if (!this.members.get(conversationId)?.has(userId)) throw problem(404, 'not-found');
    if (!request.ciphertext.startsWith('-----BEGIN PGP MESSAGE-----') || request.ciphertext.length > 60_000) {
      throw problem(400, 'validation', 'ciphertext');
    }
    if (request.keySetVersion !== this.keysOf(conversationId).keySetVersion) throw problem(409, 'key-set-changed');
    const existing = this.messages.find((m) => m.clientMessageId === request.clientMessageId && m.senderId === userId);
    if (existing) return existing;
    const message: StoredMessage = {
      messageId: String(this.nextId++),
      conversationId,
      senderId: userId,
      ciphertext: request.ciphertext,
      keySetVersion: request.keySetVersion,
      clientMessageId: request.clientMessageId,
      createdAt: this.now(),
      editedAt: null,
    };
    this.messages.push(message);
    return message;
  }

  /** The API as one device session sees it. */
  apiFor(userId: string, sessionId: string): E2eeApi {
    const server = this;
    const api = {
      async get(path: string): Promise<unknown> {
        let m = /^\/api\/conversations\/([^/]+)\/keys$/.exec(path);
        if (m) {
          const id = decodeURIComponent(m[1]);
          if (!server.members.get(id)?.has(userId)) throw problem(404, 'not-found');
          return server.keysOf(id);
        }
        m = /^\/api\/users\/([^/]+)\/device-keys$/.exec(path);
        if (m) {
          const id = decodeURIComponent(m[1]);
          const items = server.devices.filter((d) => d.userId === id).reverse();
          const b = server.backups.get(id);
          const answer: UserDeviceKeys = {
            items: structuredClone(items),
            backupKey: b ? { userId: id, fingerprint: b.fingerprint, publicKey: b.publicKey, createdAt: b.createdAt } : null,
            nextCursor: null,
          };
          return answer;
        }
        if (path === '/api/me/key-backup') {
          const b = server.backups.get(userId);
          if (!b) throw problem(404, 'no-key-backup');
          return { keyBackup: structuredClone(b) };
        }
        throw problem(404, 'no endpoint');
      },
      async put(path: string, body?: unknown): Promise<unknown> {
        if (path === '/api/me/device-key') {
          const { publicKey, fingerprint } = body as { publicKey: string; fingerprint: string };
          if (!publicKey?.startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----') || publicKey.length > 16384) {
            throw problem(400, 'validation', 'publicKey');
          }
          if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(fingerprint ?? '')) throw problem(400, 'validation', 'fingerprint');
          const mine = server.devices.find((d) => d.userId === userId && d.sessionId === sessionId && d.status === 'active');
          if (mine && mine.fingerprint === fingerprint) return { deviceKey: mine };
          const active = server.devices.filter((d) => d.userId === userId && d.status === 'active' && d.sessionId !== sessionId);
          if (active.length + 1 > MAX_DEVICE_KEYS) throw problem(409, 'too-many-device-keys');
          if (mine) server.end(userId, sessionId, 'replaced');
          const key: DeviceKey = {
            userId,
            sessionId,
            deviceName: sessionId,
            fingerprint,
            publicKey,
            status: 'active',
            createdAt: server.now(),
            endedAt: null,
          };
          server.devices.push(key);
          return { deviceKey: key };
        }
        if (path === '/api/me/key-backup') {
          const { publicKey, fingerprint, encryptedPrivateKey } = body as KeyBackup;
          if (!encryptedPrivateKey?.startsWith('-----BEGIN PGP PRIVATE KEY BLOCK-----') || encryptedPrivateKey.length > 32768) {
            throw problem(400, 'validation', 'encryptedPrivateKey');
          }
          const backup: KeyBackup = { publicKey, fingerprint, encryptedPrivateKey, createdAt: server.now() };
          server.backups.set(userId, backup);
          return { keyBackup: backup };
        }
        throw problem(404, 'no endpoint');
      },
      async delete(path: string): Promise<unknown> {
        if (path === '/api/me/device-key') {
          server.end(userId, sessionId, 'revoked');
          return undefined;
        }
        if (path === '/api/me/key-backup') {
          server.backups.delete(userId);
          return undefined;
        }
        throw problem(404, 'no endpoint');
      },
    };
    return api as E2eeApi;
  }
}
