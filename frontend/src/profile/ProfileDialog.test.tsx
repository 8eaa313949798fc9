import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProblemError, type Http } from '../api/http';
import type { FilesClient } from '../files/client';
import type { ChatStore } from '../state/store';
import { ProfileDialog } from '../ui/ProfileDialog';
import { render } from '../ui/testRender';

const me = { userId: 'u1', username: 'alice', displayName: 'Alice', createdAt: '', avatarId: null };

function setValue(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function flush() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

function fakeHttp() {
  const sessions = [
    { sessionId: 's1', deviceName: 'laptop', createdAt: '2026-12-01T00:00:00Z', lastUsedAt: '2026-12-01T01:00:00Z', current: true },
    { sessionId: 's2', deviceName: 'phone', createdAt: '2026-12-01T00:00:00Z', lastUsedAt: '2026-12-01T00:30:00Z', current: false },
  ];
  return {
    sessions,
    http: {
      get: vi.fn(async () => ({ items: [...sessions], nextCursor: null })),
      delete: vi.fn(async (path: string) => {
        const at = sessions.findIndex((s) => path.endsWith(s.sessionId));
        if (at >= 0) sessions.splice(at, 1);
      }),
      patch: vi.fn(async (_p: string, body: { displayName: string }) => ({ user: { ...me, displayName: body.displayName } })),
      post: vi.fn(async () => {
        throw new ProblemError({ status: 403, title: 'Forbidden', type: 'about:blank', detail: 'The current password is wrong.' });
      }),
      request: vi.fn(async () => undefined),
    } as unknown as Http,
  };
}

describe('the profile dialog', () => {
  afterEach(() => document.body.replaceChildren());

  function setup() {
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.open = true;
    };
    const { http, sessions } = fakeHttp();
    const store = { applyUser: vi.fn() } as unknown as ChatStore;
    const onDeleted = vi.fn();
    const view = render(<ProfileDialog store={store} files={{} as FilesClient} http={http} me={me} onClose={() => {}} onDeleted={onDeleted} />);
    return { ...view, http, sessions, store, onDeleted };
  }

  const button = (root: HTMLElement, text: string) =>
    [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement;
  const input = (root: HTMLElement, label: string) => {
    const l = [...root.querySelectorAll('label')].find((x) => x.textContent === label)!;
    return root.ownerDocument.getElementById(l.htmlFor) as HTMLInputElement;
  };

  it('lists the devices with this one marked and signs another one out', async () => {
    const { container, http, unmount } = setup();
    await flush();
    expect(container.textContent).toContain('This device');
    expect(container.querySelectorAll('.session')).toHaveLength(2);
    const signOut = container.querySelector('button[aria-label="Sign out phone"]') as HTMLButtonElement;
    act(() => signOut.click());
    await flush();
    expect(http.delete).toHaveBeenCalledWith('/api/me/sessions/s2');
    expect(container.querySelectorAll('.session')).toHaveLength(1);
    expect(button(container, 'Sign out everywhere else')).toBeUndefined();
    unmount();
  });

  it('renames and shows the new name everywhere through the store', async () => {
    const { container, http, store, unmount } = setup();
    setValue(input(container, 'Display name'), 'Alicia');
    act(() => button(container, 'Save name').click());
    await flush();
    expect(http.patch).toHaveBeenCalledWith('/api/me', { displayName: 'Alicia' });
    expect(store.applyUser).toHaveBeenCalledWith(expect.objectContaining({ displayName: 'Alicia' }));
    unmount();
  });

  it('says when the current password is wrong', async () => {
    const { container, unmount } = setup();
    setValue(input(container, 'Current password'), 'not it');
    setValue(input(container, 'New password'), 'a new long password');
    act(() => button(container, 'Change password').click());
    await flush();
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('The current password is wrong.');
    unmount();
  });

  it('deletes the account only after the password is given', async () => {
    const { container, http, onDeleted, unmount } = setup();
    act(() => button(container, 'Delete my account…').click());
    const confirm = button(container, 'Delete my account for good');
    expect(confirm.disabled).toBe(true);
    setValue(input(container, 'Your password'), 'correct horse battery');
    act(() => button(container, 'Delete my account for good').click());
    await flush();
    expect(http.request).toHaveBeenCalledWith('DELETE', '/api/me', { password: 'correct horse battery' });
    expect(onDeleted).toHaveBeenCalled();
    unmount();
  });
});
