import { useEffect, useState } from 'react';
import { ProblemError } from '../api/http';
import type { ChatStore } from '../state/store';
import { navigate } from '../ui/router';
import type { InvitePreview } from './api';
import { problemText } from './errors';
import { useGroups } from './GroupsContext';

/** `/invite/<code>`: what the link leads to, and joining it. */
export function InviteScreen({ store, code }: { store: ChatStore; code: string }) {
  const groups = useGroups();
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);

  useEffect(() => {
    if (!groups) return;
    groups.api.previewInvite(code).then(setPreview, (e) => setError(inviteError(e)));
  }, [code, groups]);

  async function join() {
    if (!groups) return;
    setJoining(true);
    try {
      const conversation = await groups.api.joinInvite(code);
      store.applyConversation(conversation);
      void store.loadInbox().catch(() => undefined);
      navigate(`/c/${conversation.conversationId}`, true);
    } catch (e) {
      setError(inviteError(e));
    } finally {
      setJoining(false);
    }
  }

  return (
    <div className="empty invite-screen">
      <h2>Group invitation</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!error && !preview && <p>Looking up the invite…</p>}
      {preview && (
        <>
          <p>
            You are invited to <strong data-testid="invite-group-name">{preview.group.name}</strong> ({preview.group.memberCount} member
            {preview.group.memberCount === 1 ? '' : 's'}).
          </p>
          {preview.group.topic && <p>{preview.group.topic}</p>}
          {preview.member ? (
            <button type="button" onClick={() => navigate(`/c/${preview.group.conversationId}`, true)}>
              Open the group
            </button>
          ) : (
            <button type="button" onClick={() => void join()} disabled={joining}>
              Join group
            </button>
          )}
        </>
      )}
      <p>
        <button type="button" className="ghost" onClick={() => navigate('/')}>
          Back to conversations
        </button>
      </p>
    </div>
  );
}

function inviteError(e: unknown): string {
  if (e instanceof ProblemError) {
    if (e.status === 404) return 'This invite link does not exist.';
    if (e.status === 410) return 'This invite link has expired, was revoked or is used up.';
    if (e.status === 403) return 'You cannot join this group.';
  }
  return problemText(e);
}
