import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../api/http';
import type { ChatStore } from '../state/store';
import { render } from '../ui/testRender';
import type { GroupsApi, InvitePreview } from './api';
import { GroupsContext } from './GroupsContext';
import { InviteScreen } from './InviteScreen';

const CODE = 'AbCdEfGhIjKlMnOpQrStUv_-';
const GROUP = '00000000-0000-0000-0000-00000000000a';
const preview: InvitePreview = {
  code: CODE,
  expiresAt: null,
  group: { conversationId: GROUP, name: 'Backroom', topic: 'plans', visibility: 'private', memberCount: 3, pictureId: null },
  member: false,
};

async function flush() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

function screen(api: Partial<GroupsApi>, store: Partial<ChatStore> = {}) {
  return render(
    <GroupsContext.Provider value={{ api: api as GroupsApi, activity: {} as never }}>
      <InviteScreen store={store as ChatStore} code={CODE} />
    </GroupsContext.Provider>,
  );
}

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState(null, '', '/');
});

describe('the invite screen', () => {
  it('previews the group and joins it, then opens it', async () => {
    const joinInvite = vi.fn(async () => ({ conversationId: GROUP }) as never);
    const applyConversation = vi.fn();
    const { container } = screen(
      { previewInvite: async () => preview, joinInvite },
      { applyConversation, loadInbox: async () => undefined },
    );
    await flush();
    expect(container.querySelector('[data-testid="invite-group-name"]')?.textContent).toBe('Backroom');
    const join = Array.from(container.querySelectorAll('button')).find((b) => b.textContent === 'Join group')!;
    await act(async () => join.click());
    await flush();
    expect(joinInvite).toHaveBeenCalledWith(CODE);
    expect(applyConversation).toHaveBeenCalled();
    expect(location.pathname).toBe(`/c/${GROUP}`);
  });

  it('says plainly when a link is spent or unknown', async () => {
    const gone = new ProblemError({ status: 410, title: 'Gone', detail: 'x' });
    const { container } = screen({ previewInvite: async () => Promise.reject(gone) });
    await flush();
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('This invite link has expired, was revoked or is used up.');

    const unknown = new ProblemError({ status: 404, title: 'Not Found' });
    const other = screen({ previewInvite: async () => Promise.reject(unknown) });
    await flush();
    expect(other.container.querySelector('[role="alert"]')?.textContent).toBe('This invite link does not exist.');
  });
});
