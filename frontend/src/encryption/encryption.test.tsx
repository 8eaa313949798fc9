import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProblemError, type Http } from '../api/http';
import type { Message } from '../api/types';
import { notificationText } from '../notifications/policy';
import { CONV, ME, conversation, message } from '../state/fixtures';
import { ChatStore } from '../state/store';
import { NewGroupDialog, PeopleDialog } from '../ui/Dialogs';
import { preview } from '../ui/format';
import { render } from '../ui/testRender';
import { Decryptions } from './decryptions';
import { EncryptionContext, type Encryption } from './EncryptionContext';
import { revealOf } from './fromE2ee';
import { KeyBackupSection } from './KeyBackup';
import { KeyChangeWarning } from './KeyChangeWarning';
import { EncryptionBanner, LockBadge, UnreadableBody } from './parts';
import { SafetyNumberDialog, groupDigits } from './SafetyNumberDialog';
import { EncryptionProblem, type EncryptionService, type Reveal } from './service';

const me = { userId: ME, username: 'me', displayName: 'Me', createdAt: '', avatarId: null };
const bob = { userId: 'b0b', username: 'bob', displayName: 'Bob', createdAt: '', avatarId: null };
const ARMOR = '-----BEGIN PGP MESSAGE-----\n\nxyz\n-----END PGP MESSAGE-----';

function encrypted(seq: number, overrides: Partial<Message> = {}): Message {
  return message(seq, { body: null, ciphertext: `${ARMOR}#${seq}`, ...overrides });
}

async function flush() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

function setValue(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function click(el: Element | null | undefined) {
  act(() => (el as HTMLElement).click());
}

function fakeService(overrides: Partial<EncryptionService> = {}): EncryptionService {
  return {
    ensureDevice: vi.fn(async () => undefined),
    encryptFor: vi.fn(async (_c, content) => ({ ciphertext: `${ARMOR}:${content.body}`, keySetVersion: 'v1' })),
    encryptEdit: vi.fn(async (_c, _m, content) => ({ ciphertext: `${ARMOR}:${content.body}`, keySetVersion: 'v1' })),
    decrypt: vi.fn(async (m: Message): Promise<Reveal> => ({ state: 'ok', body: `plain ${m.seq}` })),
    safetyNumber: vi.fn(async () => ({ digits: '12345 67890 '.repeat(6).trim(), qrPayload: 'parley-safety:1:abc' })),
    keyChanges: vi.fn(async () => []),
    acknowledgeKeyChange: vi.fn(async () => undefined),
    keysChanged: vi.fn(async () => undefined),
    onKeyChange: vi.fn(() => () => undefined),
    backupStatus: vi.fn(async () => ({ onServer: false, restoredHere: false })),
    setUpBackup: vi.fn(async () => undefined),
    restoreBackup: vi.fn(async () => undefined),
    forgetDevice: vi.fn(async () => undefined),
    ...overrides,
  };
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});
function mount(node: React.ReactNode) {
  const view = render(node);
  cleanup.push(view.unmount);
  return view;
}

describe('the decryption cache', () => {
  it('answers pending at once, then the plaintext, and decrypts each message once', async () => {
    const decrypt = vi.fn(async (m: Message): Promise<Reveal> => ({ state: 'ok', body: `plain ${m.seq}` }));
    const cache = new Decryptions(decrypt);
    const listener = vi.fn();
    cache.subscribe(listener);
    const m = encrypted(1);
    expect(cache.get(m)).toEqual({ state: 'pending' });
    await vi.waitFor(() => expect(cache.get(m)).toEqual({ state: 'ok', body: 'plain 1' }));
    expect(listener).toHaveBeenCalled();
    expect(cache.reveal(m).body).toBe('plain 1');
    expect(cache.reveal(m)).toBe(cache.reveal(m)); // the same object: memoised rows stay
    expect(decrypt).toHaveBeenCalledTimes(1);
  });

  it('leaves plain messages alone and decrypts an edit (a new ciphertext) anew', async () => {
    const cache = new Decryptions(async (m) => ({ state: 'ok', body: m.ciphertext!.slice(-2) }));
    const plain = message(1);
    expect(cache.reveal(plain)).toBe(plain);
    const m = encrypted(2, { ciphertext: `${ARMOR}v1` });
    cache.get(m);
    await vi.waitFor(() => expect(cache.reveal(m).body).toBe('v1'));
    const edited = { ...m, ciphertext: `${ARMOR}v2` };
    cache.get(edited);
    await vi.waitFor(() => expect(cache.reveal(edited).body).toBe('v2'));
  });

  it('knows what this device sent without decrypting it, and retries unreadable messages after a restore', async () => {
    let restored = false;
    const decrypt = vi.fn(async (): Promise<Reveal> => (restored ? { state: 'ok', body: 'old text' } : { state: 'before-device' }));
    const cache = new Decryptions(decrypt);
    const mine = encrypted(1);
    cache.seed(mine, 'hello');
    expect(cache.get(mine)).toEqual({ state: 'ok', body: 'hello' });
    const old = encrypted(2);
    cache.get(old);
    await vi.waitFor(() => expect(cache.get(old)).toEqual({ state: 'before-device' }));
    restored = true;
    cache.retryUnreadable();
    cache.get(old);
    await vi.waitFor(() => expect(cache.get(old)).toEqual({ state: 'ok', body: 'old text' }));
    expect(decrypt).toHaveBeenCalledTimes(2);
  });

  it('turns a decrypt that throws into a failure, never a crash', async () => {
    const cache = new Decryptions(async () => {
      throw new Error('boom');
    });
    const m = encrypted(1);
    cache.get(m);
    await vi.waitFor(() => expect(cache.get(m)).toEqual({ state: 'failed', reason: 'boom' }));
  });
});

describe('what an encrypted message shows', () => {
  it('maps the crypto core results: readable, sent before this device, tampered', () => {
    const signedBy = { userId: 'u', fingerprint: 'f', status: 'active' as const };
    expect(revealOf({ ok: true, body: 'hi', replyToMessageId: null, clientMessageId: null, signedBy })).toEqual({ state: 'ok', body: 'hi' });
    expect(revealOf({ ok: false, reason: 'no-key-for-this-device', detail: '' })).toEqual({ state: 'before-device' });
    expect(revealOf({ ok: false, reason: 'tampered', detail: '' })).toEqual({ state: 'failed', reason: 'altered or unsigned' });
  });

  it('explains history from before this device and offers the key backup', () => {
    const openRestore = vi.fn();
    const encryption = { service: fakeService(), decryptions: new Decryptions(async () => ({ state: 'pending' })), openRestore } as Encryption;
    const { container } = mount(
      <EncryptionContext.Provider value={encryption}>
        <UnreadableBody reveal={{ state: 'before-device' }} />
      </EncryptionContext.Provider>,
    );
    expect(container.textContent).toContain('sent before you signed in on this device');
    click([...container.querySelectorAll('button')].find((b) => b.textContent === 'Restore from key backup'));
    expect(openRestore).toHaveBeenCalled();
  });

  it('marks a message that failed to decrypt', () => {
    const { container } = mount(<UnreadableBody reveal={{ state: 'failed', reason: 'altered or unsigned' }} />);
    const marker = container.querySelector('[data-testid="decrypt-failed"]')!;
    expect(marker.textContent).toContain('could not be decrypted');
    expect(marker.getAttribute('role')).toBe('status');
  });

  it('previews encrypted messages by their plaintext, or says they are encrypted, never the ciphertext', () => {
    const users = { [ME]: me };
    expect(preview(encrypted(1, { senderId: ME }), users, ME)).toBe('You: 🔒 Encrypted message');
    expect(preview({ ...encrypted(1, { senderId: ME }), body: 'hi', reveal: { state: 'ok', body: 'hi' } } as Message, users, ME)).toBe('You: hi');
  });

  it('never puts message text into a notification of an encrypted conversation', () => {
    const m = { ...encrypted(1), mentions: [], mentionsEveryone: false };
    expect(notificationText(m, 'Bob', null)).toEqual({ title: 'Bob', body: 'New encrypted message' });
  });

  it('labels the lock and says what the server cannot do', () => {
    const { container } = mount(
      <>
        <LockBadge />
        <EncryptionBanner onVerify={() => undefined} />
      </>,
    );
    expect(container.querySelector('[role="img"]')!.getAttribute('aria-label')).toBe('End-to-end encrypted');
    const banner = container.querySelector('[role="note"]')!;
    expect(banner.textContent).toContain('cannot search');
    expect(banner.textContent).toContain('notifications');
  });
});

describe('sending in an encrypted conversation', () => {
  function storeWith(post: ReturnType<typeof vi.fn>, service = fakeService()) {
    const http = { get: vi.fn(async () => ({ items: [], nextCursor: null })), put: vi.fn(async () => undefined), post } as unknown as Http;
    const store = new ChatStore(http, me);
    store.addConversation(conversation({ encrypted: true }));
    const decryptions = new Decryptions((m) => service.decrypt(m));
    store.encryption = { service, decryptions };
    return { store, decryptions, service };
  }

  it('posts the ciphertext and key set instead of the body, and shows its own text at once', async () => {
    const post = vi.fn(async (_path: string, body: { clientMessageId: string; ciphertext: string }) => ({
      message: encrypted(1, { senderId: ME, ciphertext: body.ciphertext }),
    }));
    const { store, decryptions } = storeWith(post);
    store.send(CONV, 'secret plans', null);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].messages).toHaveLength(1));
    const [, sent] = post.mock.calls[0] as unknown as [string, Record<string, unknown>];
    expect(sent.body).toBeUndefined();
    expect(sent.keySetVersion).toBe('v1');
    expect(String(sent.ciphertext)).toContain('BEGIN PGP MESSAGE');
    expect(decryptions.get(store.getState().timelines[CONV].messages[0])).toEqual({ state: 'ok', body: 'secret plans' });
  });

  it('re-encrypts with fresh keys after 409 key-set-changed and resends the same clientMessageId', async () => {
    const post = vi
      .fn()
      .mockRejectedValueOnce(new ProblemError({ status: 409, title: 'Conflict', type: 'urn:parley:problem:key-set-changed' }))
      .mockImplementation(async (_p: string, body: { ciphertext: string }) => ({ message: encrypted(1, { senderId: ME, ciphertext: body.ciphertext }) }));
    const { store, service } = storeWith(post);
    store.send(CONV, 'again', null);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].messages).toHaveLength(1));
    expect(post).toHaveBeenCalledTimes(2);
    const ids = post.mock.calls.map(([, b]) => (b as { clientMessageId: string }).clientMessageId);
    expect(ids[0]).toBe(ids[1]);
    expect((service.encryptFor as ReturnType<typeof vi.fn>).mock.calls[1][2]).toEqual({ refresh: true });
  });

  it('refuses files and says so, sending nothing', async () => {
    const post = vi.fn();
    const { store } = storeWith(post);
    store.send(CONV, '', null, [{ attachmentId: 'a', name: 'x.png', contentType: 'image/png', size: 1, sha256: '', width: 1, height: 1, thumbnail: false }]);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].pending[0].status).toBe('failed'));
    expect(store.getState().timelines[CONV].pending[0].error).toContain('files cannot be sent in encrypted conversations');
    expect(post).not.toHaveBeenCalled();
  });

  it('encrypts an edit too', async () => {
    const patch = vi.fn(async (_p: string, body: { ciphertext: string }) => ({ message: encrypted(1, { senderId: ME, ciphertext: body.ciphertext, editedAt: 'now' }) }));
    const post = vi.fn(async (_p: string, body: { ciphertext: string }) => ({ message: encrypted(1, { senderId: ME, ciphertext: body.ciphertext }) }));
    const { store, decryptions } = storeWith(post);
    (store as unknown as { http: { patch: typeof patch } }).http.patch = patch;
    store.send(CONV, 'first', null);
    await vi.waitFor(() => expect(store.getState().timelines[CONV].messages).toHaveLength(1));
    await store.edit(CONV, '1001', 'second');
    expect(patch.mock.calls[0][1]).toEqual({ ciphertext: `${ARMOR}:second`, keySetVersion: 'v1' });
    expect(decryptions.get(store.getState().timelines[CONV].messages[0])).toEqual({ state: 'ok', body: 'second' });
  });
});

describe('starting an encrypted conversation', () => {
  const encryption = { service: fakeService(), decryptions: new Decryptions(async () => ({ state: 'pending' })), openRestore: () => undefined } as Encryption;

  it('offers "End-to-end encrypted" for private groups only, and sends it', async () => {
    const store = { createGroup: vi.fn(async () => 'g1'), getState: () => ({ me }), searchUsersPage: vi.fn() } as unknown as ChatStore;
    const { container } = mount(
      <EncryptionContext.Provider value={encryption}>
        <NewGroupDialog store={store} onClose={() => undefined} />
      </EncryptionContext.Provider>,
    );
    const toggle = [...container.querySelectorAll('label')].find((l) => l.textContent?.includes('End-to-end encrypted'))!.querySelector('input')!;
    expect(toggle.disabled).toBe(false);
    click(toggle);
    click(container.querySelectorAll('input[type="radio"]')[1]); // public
    expect(toggle.disabled).toBe(true);
    expect(container.textContent).toContain('Public groups cannot be end-to-end encrypted');
    click(container.querySelectorAll('input[type="radio"]')[0]); // private again
    setValue(container.querySelector('input')!, 'Secret team');
    await act(async () => {
      (container.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    });
    expect(store.createGroup).toHaveBeenCalledWith(expect.objectContaining({ name: 'Secret team', visibility: 'private', encrypted: true }));
  });

  it('cannot be chosen where the browser cannot encrypt', () => {
    const store = { getState: () => ({ me }), searchUsersPage: vi.fn() } as unknown as ChatStore;
    const { container } = mount(<PeopleDialog store={store} onClose={() => undefined} />);
    const toggle = container.querySelector('input[type="checkbox"]') as HTMLInputElement;
    expect(toggle.disabled).toBe(true);
    expect(container.textContent).toContain('cannot encrypt');
  });
});

describe('verification', () => {
  it('shows the safety number in groups of five and as a QR code', async () => {
    const service = fakeService();
    const { container } = mount(<SafetyNumberDialog service={service} members={[bob]} onClose={() => undefined} />);
    await vi.waitFor(async () => {
      await flush();
      expect(container.ownerDocument.querySelector('[data-testid="safety-qr"]')).not.toBeNull();
    });
    const doc = container.ownerDocument;
    const number = doc.querySelector('[data-testid="safety-number"]')!;
    expect(number.querySelectorAll('span')).toHaveLength(12);
    expect(number.textContent).toBe('12345678901234567890123456789012345678901234567890123456789012345678901234567890'.slice(0, 60));
    expect(doc.querySelector('[data-testid="safety-qr"]')!.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(doc.querySelector('[data-testid="safety-qr"]')!.getAttribute('alt')).toContain('Bob');
    expect(service.safetyNumber).toHaveBeenCalledWith('b0b');
    expect(groupDigits('12345 67890')).toEqual(['12345', '67890']);
  });

  it('warns when a member’s keys changed until acknowledged', () => {
    const onAcknowledge = vi.fn();
    const onVerify = vi.fn();
    const { container } = mount(
      <KeyChangeWarning changes={[{ userId: 'b0b' }]} users={{ b0b: bob }} onVerify={onVerify} onAcknowledge={onAcknowledge} />,
    );
    expect(container.querySelector('[role="alert"]')!.textContent).toContain('Bob’s security keys changed');
    click(container.querySelector('button[aria-label="Dismiss the key change of Bob"]'));
    expect(onAcknowledge).toHaveBeenCalledWith('b0b');
    click([...container.querySelectorAll('button')].find((b) => b.textContent === 'Verify Bob'));
    expect(onVerify).toHaveBeenCalledWith('b0b');
  });
});

describe('key backup in the profile', () => {
  it('sets up a backup with a passphrase typed twice', async () => {
    const service = fakeService();
    const { container } = mount(<KeyBackupSection service={service} onRestored={() => undefined} />);
    await flush();
    const [pass, repeat] = [...container.querySelectorAll('input[type="password"]')] as HTMLInputElement[];
    setValue(pass, 'long enough phrase');
    setValue(repeat, 'long enough phrasx');
    await act(async () => (container.querySelector('button[type="submit"]') as HTMLButtonElement).click());
    expect(container.querySelector('[role="alert"]')!.textContent).toBe('The two passphrases differ.');
    setValue(repeat, 'long enough phrase');
    await act(async () => (container.querySelector('button[type="submit"]') as HTMLButtonElement).click());
    await flush();
    expect(service.setUpBackup).toHaveBeenCalledWith('long enough phrase', undefined);
    expect(container.querySelector('[role="status"]')!.textContent).toContain('Key backup saved');
  });

  it('restores on a new device, says when the passphrase is wrong, and then retries old messages', async () => {
    const onRestored = vi.fn();
    const restoreBackup = vi
      .fn()
      .mockRejectedValueOnce(new EncryptionProblem('wrong-passphrase', 'bad'))
      .mockResolvedValue(undefined);
    const service = fakeService({ backupStatus: vi.fn(async () => ({ onServer: true, restoredHere: false })), restoreBackup });
    const { container } = mount(<KeyBackupSection service={service} onRestored={onRestored} />);
    await flush();
    expect(container.querySelectorAll('input[type="password"]')).toHaveLength(1);
    setValue(container.querySelector('input[type="password"]') as HTMLInputElement, 'long enough phrase');
    const submit = () => act(async () => (container.querySelector('button[type="submit"]') as HTMLButtonElement).click());
    expect((container.querySelector('button[type="submit"]') as HTMLButtonElement).textContent).toBe('Restore from key backup');
    await submit();
    await flush();
    expect(container.querySelector('[role="alert"]')!.textContent).toBe('That passphrase does not open the key backup.');
    expect(onRestored).not.toHaveBeenCalled();
    setValue(container.querySelector('input[type="password"]') as HTMLInputElement, 'long enough phrase');
    await submit();
    await flush();
    expect(onRestored).toHaveBeenCalled();
    expect(container.querySelector('[role="status"]')!.textContent).toContain('restored');
  });
});

describe('loading the crypto core', () => {
  it('loads it once, on first use, and forwards key-change notices', async () => {
    const { lazyEncryption } = await import('./fromE2ee');
    let notify: () => void = () => undefined;
    const real = fakeService({ onKeyChange: vi.fn((l: () => void) => ((notify = l), () => undefined)) });
    const load = vi.fn(async () => real);
    const lazy = lazyEncryption(load);
    expect(load).not.toHaveBeenCalled();
    const listener = vi.fn();
    lazy.onKeyChange(listener);
    await lazy.ensureDevice();
    await lazy.safetyNumber('b0b');
    expect(load).toHaveBeenCalledTimes(1);
    expect(real.safetyNumber).toHaveBeenCalledWith('b0b');
    notify();
    expect(listener).toHaveBeenCalled();
  });
});

describe('mentions in encrypted messages', () => {
  it('are found locally in the plaintext, since the server cannot see them', async () => {
    const { localMentions } = await import('./decryptions');
    const members = [{ userId: ME, username: 'mine' }, { userId: 'b0b', username: 'bob' }];
    const shown = { ...encrypted(1), body: 'hey @Mine look', reveal: { state: 'ok', body: 'hey @Mine look' } } as Message & { reveal: Reveal };
    expect(localMentions(shown, members).mentions).toEqual([ME]);
    const none = { ...shown, body: 'no names', reveal: { state: 'ok', body: 'no names' } } as Message & { reveal: Reveal };
    expect(localMentions(none, members)).toBe(none);
  });
});

describe('my own keys', () => {
  it('says when a new device key appeared on my account, until I confirm it was me', async () => {
    const { OwnKeyChangeNotice } = await import('./KeyChangeWarning');
    let changes = [{ userId: ME }];
    const service = fakeService({
      keyChanges: vi.fn(async () => changes),
      acknowledgeKeyChange: vi.fn(async () => {
        changes = [];
      }),
    });
    const { container } = mount(<OwnKeyChangeNotice service={service} me={ME} onOpenProfile={() => undefined} />);
    await flush();
    expect(container.textContent).toContain('A new device can now read your encrypted conversations');
    await act(async () => [...container.querySelectorAll('button')].find((b) => b.textContent === 'It was me')!.click());
    await flush();
    expect(service.acknowledgeKeyChange).toHaveBeenCalledWith(ME);
    expect(container.textContent).toBe('');
  });
});
