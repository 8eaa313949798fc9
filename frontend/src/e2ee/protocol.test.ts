// @vitest-environment node
// The E2EE protocol end to end against an in-memory server (no network): who can read what, and
// which failures are reported as what.
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { E2eeClient, MAX_CIPHERTEXT_CHARS } from './client';
import { FakeServer, serverKeySetVersion, type StoredMessage } from './fakeServer.test-support';
import { keySetVersion } from './keyset';
import { MemoryKeyStore } from './keystore';
import { MemoryTrustStore } from './trust';
import { E2eeError, isKeySetChanged, type E2ee, type EncryptedDraft, type KeyChange } from './types';

const CONV = 'c0000000-0000-4000-8000-000000000001';
const OTHER = 'c0000000-0000-4000-8000-000000000002';
const ALICE = 'a0000000-0000-4000-8000-00000000000a';
const BOB = 'b0000000-0000-4000-8000-00000000000b';
const CAROL = 'c0000000-0000-4000-8000-00000000000c';
const MALLORY = 'd0000000-0000-4000-8000-00000000000d';

interface Device {
  userId: string;
  sessionId: string;
  e2ee: E2ee;
  store: MemoryKeyStore;
  send(conversationId: string, body: string): Promise<StoredMessage>;
  read(message: StoredMessage): ReturnType<E2ee['decrypt']>;
}

let counter = 0;

function device(server: FakeServer, userId: string, store = new MemoryKeyStore(), trust = new MemoryTrustStore()): Device {
  const sessionId = `s${++counter}-${userId.slice(0, 1)}`;
  const e2ee = new E2eeClient(server.apiFor(userId, sessionId), async () => ({ userId, sessionId }), store, trust);
  return {
    userId,
    sessionId,
    e2ee,
    store,
    send: (conversationId, body) => {
      const clientMessageId = crypto.randomUUID();
      return e2ee.send(conversationId, { body, clientMessageId }, async (encrypted: EncryptedDraft) =>
        server.send(userId, conversationId, { clientMessageId, ...encrypted }),
      );
    },
    read: (message) => e2ee.decrypt(message),
  };
}

/** The armored message with one bit of its binary form flipped at `at` (negative: from the end). */
function flipByte(armored: string, at: number): string {
  const lines = armored.trim().split('\n');
  const start = lines.indexOf('') + 1;
  const end = lines.findIndex((l) => l.startsWith('-----END'));
  const body = lines.slice(start, end).filter((l) => !l.startsWith('='));
  const bytes = Buffer.from(body.join(''), 'base64');
  bytes[at < 0 ? bytes.length + at : at] ^= 0x01;
  const base64 = bytes.toString('base64').match(/.{1,64}/g)!;
  return [...lines.slice(0, start), ...base64, lines[end], ''].join('\n');
}

async function ready(...devices: Device[]): Promise<void> {
  for (const d of devices) await d.e2ee.ensureDevice();
}

async function bodyOf(d: Device, message: StoredMessage): Promise<string> {
  const result = await d.read(message);
  if (!result.ok) throw new Error(`${d.userId} could not read: ${result.reason} (${result.detail})`);
  return result.body;
}

async function reasonOf(d: Device, message: StoredMessage): Promise<string> {
  const result = await d.read(message);
  return result.ok ? `read "${result.body}"` : result.reason;
}

describe('E2EE protocol', () => {
  it('two devices: both read, the sender reads its own message, and the signer is reported', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    await ready(alice, bob);
    server.createConversation(CONV, [ALICE, BOB]);

    const sent = await alice.send(CONV, 'hello Bob');
    expect(sent.ciphertext.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
    expect(sent.ciphertext).not.toContain('hello Bob');
    expect(await bodyOf(bob, sent)).toBe('hello Bob');
    expect(await bodyOf(alice, sent)).toBe('hello Bob');
    const result = await bob.read(sent);
    expect(result.ok && result.signedBy).toEqual({
      userId: ALICE,
      fingerprint: (await alice.e2ee.ensureDevice()).fingerprint,
      status: 'active',
    });
    expect(result.ok && result.clientMessageId).toBe(sent.clientMessageId);
  });

  it('three devices: a second device of the sender reads too; ensureDevice is idempotent', async () => {
    const server = new FakeServer();
    const laptop = device(server, ALICE);
    const phone = device(server, ALICE);
    const bob = device(server, BOB);
    await ready(laptop, phone, bob);
    const first = await laptop.e2ee.ensureDevice();
    const again = await laptop.e2ee.ensureDevice();
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    server.createConversation(CONV, [ALICE, BOB]);

    const fromBob = await bob.send(CONV, 'to all of Alice');
    expect(await bodyOf(laptop, fromBob)).toBe('to all of Alice');
    expect(await bodyOf(phone, fromBob)).toBe('to all of Alice');
    const fromPhone = await phone.send(CONV, 'from the phone');
    expect(await bodyOf(laptop, fromPhone)).toBe('from the phone');
    expect(await bodyOf(bob, fromPhone)).toBe('from the phone');
  });

  it('a reloaded page (same session, same key store) keeps its key; a new session gets a new one', async () => {
    const server = new FakeServer();
    const store = new MemoryKeyStore();
    const alice = device(server, ALICE, store);
    const bob = device(server, BOB);
    await ready(alice, bob);
    server.createConversation(CONV, [ALICE, BOB]);
    const sent = await bob.send(CONV, 'before reload');
    const reloaded = new E2eeClient(server.apiFor(ALICE, alice.sessionId), async () => ({ userId: ALICE, sessionId: alice.sessionId }), store, new MemoryTrustStore());
    const info = await reloaded.ensureDevice();
    expect(info.created).toBe(false);
    expect((await reloaded.decrypt(sent)).ok).toBe(true);
  });

  it('a new login in the same browser keeps reading what was sent to the previous session', async () => {
    const server = new FakeServer();
    const store = new MemoryKeyStore();
    const first = device(server, ALICE, store);
    const bob = device(server, BOB);
    await ready(first, bob);
    server.createConversation(CONV, [ALICE, BOB]);
    const old = await bob.send(CONV, 'to the first session');
    server.endSession(ALICE, first.sessionId); // logout
    const second = device(server, ALICE, store); // login again, same browser
    await ready(second);
    expect(await bodyOf(second, old)).toBe('to the first session');
    expect(await reasonOf(first, await bob.send(CONV, 'later'))).toBe('read "later"'); // same store, new key
    await second.e2ee.forgetDevice();
    expect(await reasonOf(second, old)).toBe('no-key-for-this-device');
  });

  it('an added member reads from then on, not before; the sender re-encrypts after 409 key-set-changed', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    const carol = device(server, CAROL);
    await ready(alice, bob, carol);
    server.createConversation(CONV, [ALICE, BOB]);
    const before = await alice.send(CONV, 'before Carol');

    server.addMember(CONV, CAROL);
    // Alice's cached key set is now stale: a hand-made send gets the 409, and nothing is written.
    const stale = await alice.e2ee.encryptFor(CONV, { body: 'x', clientMessageId: crypto.randomUUID() });
    let error: unknown;
    try {
      server.send(ALICE, CONV, { clientMessageId: crypto.randomUUID(), ...stale });
    } catch (e) {
      error = e;
    }
    expect(isKeySetChanged(error)).toBe(true);
    const count = server.messages.length;

    const after = await alice.send(CONV, 'welcome Carol'); // send() refetches and resends
    expect(server.messages.length).toBe(count + 1);
    expect(after.keySetVersion).toBe(server.keysOf(CONV).keySetVersion);
    expect(await bodyOf(carol, after)).toBe('welcome Carol');
    expect(await reasonOf(carol, before)).toBe('no-key-for-this-device');
    expect(await bodyOf(bob, after)).toBe('welcome Carol');
  });

  it('a removed member and a revoked device cannot read later messages (earlier ones stay readable)', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    const carol = device(server, CAROL);
    const carolPhone = device(server, CAROL);
    await ready(alice, bob, carol, carolPhone);
    server.createConversation(CONV, [ALICE, BOB, CAROL]);
    const early = await alice.send(CONV, 'everyone');

    server.removeMember(CONV, BOB);
    server.endSession(CAROL, carolPhone.sessionId); // e.g. "sign out" of that device
    const later = await alice.send(CONV, 'without Bob');

    expect(await reasonOf(bob, later)).toBe('no-key-for-this-device');
    expect(await reasonOf(carolPhone, later)).toBe('no-key-for-this-device');
    expect(await bodyOf(carol, later)).toBe('without Bob');
    expect(await bodyOf(bob, early)).toBe('everyone');
    // Carol's laptop still verifies the phone's old messages after the phone's key was revoked
    expect(await bodyOf(carol, early)).toBe('everyone');
  });

  it('verifies a message signed by a since-revoked key when it was sent before, refuses one dated after', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    await ready(alice, bob);
    server.createConversation(CONV, [ALICE, BOB]);
    const sent = await alice.send(CONV, 'signed while active');
    server.endSession(ALICE, alice.sessionId);
    await bob.e2ee.keysChanged(ALICE);
    const result = await bob.read(sent);
    expect(result.ok && result.signedBy.status).toBe('revoked');
    const backdated = { ...sent, createdAt: '2027-01-01T00:00:00Z' };
    expect(await reasonOf(bob, backdated)).toBe('bad-signature');
  });

  it('rejects tampered ciphertext, an unsigned message and a signer who is not the sender', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    const mallory = device(server, MALLORY);
    await ready(alice, bob, mallory);
    server.createConversation(CONV, [ALICE, BOB, MALLORY]);
    const sent = await alice.send(CONV, 'the real text');

    // flip one byte near the end of the encrypted data packet
    const altered = flipByte(sent.ciphertext, -20);
    expect(await reasonOf(bob, { ...sent, ciphertext: altered })).toBe('tampered');

    // Mallory writes a message and the server claims Alice sent it
    const forged = await mallory.send(CONV, 'I am Alice');
    expect(await reasonOf(bob, { ...forged, senderId: ALICE })).toBe('bad-signature');
    expect(await bodyOf(bob, forged)).toBe('I am Alice'); // as Mallory's own it is fine

    // an unsigned message to Bob's device
    const keys = server.keysOf(CONV);
    const unsigned = await openpgp.encrypt({
      message: await openpgp.createMessage({
        text: JSON.stringify({ v: 1, conversationId: CONV, clientMessageId: 'x', body: 'unsigned', replyToMessageId: null }),
      }),
      encryptionKeys: await Promise.all(keys.devices.map((d) => openpgp.readKey({ armoredKey: d.publicKey }))),
    });
    expect(await reasonOf(bob, { ...sent, ciphertext: unsigned })).toBe('tampered');

    // not OpenPGP at all, and no ciphertext
    expect(await reasonOf(bob, { ...sent, ciphertext: 'hello' })).toBe('malformed');
    expect(await reasonOf(bob, { ...sent, ciphertext: null as unknown as string })).toBe('malformed');
  });

  it('a message moved into another conversation, or replayed as another message, is rejected', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    await ready(alice, bob);
    server.createConversation(CONV, [ALICE, BOB]);
    server.createConversation(OTHER, [ALICE, BOB]);
    const sent = await alice.send(CONV, 'only for CONV');
    expect(await reasonOf(bob, { ...sent, conversationId: OTHER })).toBe('wrong-conversation');
    expect(await reasonOf(bob, { ...sent, clientMessageId: crypto.randomUUID() })).toBe('wrong-conversation');
  });

  it('edits carry the message id: an edit shown on another message is rejected', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    await ready(alice, bob);
    server.createConversation(CONV, [ALICE, BOB]);
    const sent = await alice.send(CONV, 'first');
    const edit = await alice.e2ee.sendEdit(CONV, sent.messageId, { body: 'second' }, async (e) => e);
    const { clientMessageId: _unused, ...withoutClientId } = sent;
    void _unused;
    const edited = { ...withoutClientId, ciphertext: edit.ciphertext, editedAt: sent.createdAt };
    const result = await bob.e2ee.decrypt(edited);
    expect(result.ok && result.body).toBe('second');
    expect((await bob.e2ee.decrypt({ ...edited, messageId: '999' })).ok).toBe(false);
    expect(await bob.e2ee.decrypt({ ...edited, messageId: '999' })).toMatchObject({ reason: 'wrong-conversation' });
  });

  it('backup: a new device reads older history after restoring; wrong passphrase fails clearly', async () => {
    const server = new FakeServer();
    const laptop = device(server, ALICE);
    const bob = device(server, BOB);
    await ready(laptop, bob);
    expect(await laptop.e2ee.hasBackup()).toBe(false);
    await expect(laptop.e2ee.setUpBackup('short')).rejects.toMatchObject({ code: 'weak-passphrase' });
    const status = await laptop.e2ee.setUpBackup('correct horse battery');
    expect(status).toMatchObject({ onServer: true, restoredHere: true });
    expect(await laptop.e2ee.hasBackup()).toBe(true);
    server.createConversation(CONV, [ALICE, BOB]);
    const old = await bob.send(CONV, 'old history');

    const newPhone = device(server, ALICE);
    await ready(newPhone);
    expect(await reasonOf(newPhone, old)).toBe('no-key-for-this-device');
    expect(await newPhone.e2ee.backupStatus()).toMatchObject({ onServer: true, restoredHere: false });
    await expect(newPhone.e2ee.restoreBackup('wrong passphrase!')).rejects.toSatisfy(
      (e: unknown) => e instanceof E2eeError && e.code === 'wrong-passphrase',
    );
    expect(await reasonOf(newPhone, old)).toBe('no-key-for-this-device');
    await newPhone.e2ee.restoreBackup('correct horse battery');
    expect(await bodyOf(newPhone, old)).toBe('old history');
    expect(await newPhone.e2ee.backupStatus()).toMatchObject({ restoredHere: true });

    // a device that cannot open the existing backup does not silently replace it
    const third = device(server, ALICE);
    await ready(third);
    await expect(third.e2ee.setUpBackup('another passphrase')).rejects.toMatchObject({ code: 'backup-exists' });
    // changing the passphrase where the backup is open keeps the same backup key
    const fingerprint = status.fingerprint;
    expect((await newPhone.e2ee.setUpBackup('a new passphrase here')).fingerprint).toBe(fingerprint);
    await third.e2ee.restoreBackup('a new passphrase here');
    expect(await bodyOf(third, old)).toBe('old history');
  }, 120_000);

  it('backup uses Argon2 S2K with AEAD for the passphrase protection', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    await ready(alice);
    await alice.e2ee.setUpBackup('correct horse battery');
    const stored = (await server.apiFor(ALICE, alice.sessionId).get<{ keyBackup: { encryptedPrivateKey: string } }>('/api/me/key-backup')).keyBackup;
    const key = await openpgp.readPrivateKey({ armoredKey: stored.encryptedPrivateKey });
    expect(key.isDecrypted()).toBe(false);
    const packet = key.keyPacket as unknown as { s2k: { type: string }; s2kUsage: number };
    expect(packet.s2k.type).toBe('argon2');
    expect(packet.s2kUsage).toBe(253); // AEAD
  }, 120_000);

  it('restoring without a backup says so', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    await ready(alice);
    await expect(alice.e2ee.restoreBackup('whatever it is')).rejects.toMatchObject({ code: 'no-backup' });
  });

  it('safety numbers match on both sides, have 60 digits, and change when a key changes; changes are reported', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    await ready(alice, bob);
    server.createConversation(CONV, [ALICE, BOB]);
    await alice.send(CONV, 'first contact'); // Alice sees Bob's keys for the first time (TOFU)

    const fromAlice = await alice.e2ee.safetyNumber(BOB);
    const fromBob = await bob.e2ee.safetyNumber(ALICE);
    expect(fromAlice.digits).toBe(fromBob.digits);
    expect(fromAlice.qrPayload).toBe(fromBob.qrPayload);
    expect(fromAlice.digits).toMatch(/^\d{5}( \d{5}){11}$/);
    expect(await alice.e2ee.keyChanges()).toEqual([]);

    const seen: KeyChange[] = [];
    alice.e2ee.onKeyChange((c) => seen.push(c));
    const bobPhone = device(server, BOB);
    await ready(bobPhone);
    const change = await alice.e2ee.keysChanged(BOB);
    expect(change?.userId).toBe(BOB);
    expect(change?.added).toEqual([`device:${(await bobPhone.e2ee.ensureDevice()).fingerprint}`]);
    expect(seen).toHaveLength(1);
    expect((await alice.e2ee.keyChanges()).map((c) => c.userId)).toEqual([BOB]);

    const afterChange = await alice.e2ee.safetyNumber(BOB);
    expect(afterChange.digits).not.toBe(fromAlice.digits);
    expect((await bob.e2ee.safetyNumber(ALICE)).digits).toBe(afterChange.digits);

    await alice.e2ee.acknowledgeKeyChange(BOB);
    expect(await alice.e2ee.keyChanges()).toEqual([]);

    // a backup key counts as a key of the user too
    await bob.e2ee.setUpBackup('bob backup passphrase');
    expect((await alice.e2ee.keysChanged(BOB))?.added[0]).toMatch(/^backup:/);
  }, 120_000);

  it('computes keySetVersion as the server does', async () => {
    const server = new FakeServer();
    const alice = device(server, ALICE);
    const bob = device(server, BOB);
    await ready(alice, bob);
    server.createConversation(CONV, [ALICE, BOB]);
    const keys = server.keysOf(CONV);
    const mine = await keySetVersion([
      ...keys.devices.map((d) => ({ userId: d.userId, kind: 'device' as const, fingerprint: d.fingerprint })),
      ...keys.backupKeys.map((b) => ({ userId: b.userId, kind: 'backup' as const, fingerprint: b.fingerprint })),
    ]);
    expect(mine).toBe(keys.keySetVersion);
    expect(await keySetVersion([])).toBe(serverKeySetVersion([]));
  });

  it('a non-member cannot encrypt for the conversation', async () => {
    const server = new FakeServer();
    const carol = device(server, CAROL);
    await ready(carol);
    server.createConversation(CONV, [ALICE, BOB]);
    await expect(carol.e2ee.encryptFor(CONV, { body: 'x', clientMessageId: 'y' })).rejects.toMatchObject({ code: 'not-a-member' });
  });

  it('the documented limit: 32 members with 8 devices and a backup each (288 keys) still fit a 4000-code-point message', async () => {
    const server = new FakeServer();
    const members = Array.from({ length: 32 }, (_, i) => `e0000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    server.createConversation(CONV, members);
    const devices: Device[] = [];
    for (const member of members) {
      for (let i = 0; i < 8; i++) devices.push(device(server, member));
    }
    await ready(...devices);
    const backup = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'b' }], format: 'object', config: { v6Keys: true } });
    for (const member of members) server.putBackupKey(member, backup.publicKey.armor(), backup.publicKey.getFingerprint());
    const keys = server.keysOf(CONV);
    expect(keys.devices.length + keys.backupKeys.length).toBe(288);
    await expect(devices[8].e2ee.ensureDevice()).resolves.toBeTruthy();

    const [sender, reader] = [devices[0], devices[300 % devices.length]];
    const ascii = await sender.send(CONV, 'x'.repeat(4000));
    expect(ascii.ciphertext.length).toBeLessThanOrEqual(MAX_CIPHERTEXT_CHARS);
    expect((await reader.read(ascii)).ok).toBe(true);

    // 4000 varied emoji (16 KB of UTF-8) only fit compressed; the reader inflates them
    let seed = 7;
    const emoji = Array.from({ length: 4000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCodePoint(0x1f600 + (seed % 80));
    }).join('');
    const dense = await sender.send(CONV, emoji);
    expect(dense.ciphertext.length).toBeLessThanOrEqual(MAX_CIPHERTEXT_CHARS);
    const read = await reader.read(dense);
    expect(read.ok && read.body).toBe(emoji);
  }, 120_000);

  it('a ninth device key of one user is refused clearly', async () => {
    const server = new FakeServer();
    const phones = Array.from({ length: 9 }, () => device(server, ALICE));
    await ready(...phones.slice(0, 8));
    await expect(phones[8].e2ee.ensureDevice()).rejects.toMatchObject({ code: 'too-many-device-keys' });
  });
});
