import { useId, useState } from 'react';
import type { Visibility } from '../api/types';
import type { ChatStore } from '../state/store';
import { messageOf } from './Dialogs';

/**
 * The owner's switch between a private and a public group. Making a group public exposes its whole
 * history to every signed-in account (docs/api.md), so it asks first and says so.
 */
export function VisibilitySwitch({
  store,
  id,
  visibility,
  onError,
}: {
  store: ChatStore;
  id: string;
  visibility: Visibility | null;
  onError: (message: string | null) => void;
}) {
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const isPublic = visibility === 'public';

  async function change(to: 'public' | 'private') {
    try {
      await store.updateGroup(id, { visibility: to });
      onError(null);
    } catch (e) {
      onError(messageOf(e));
    }
    setConfirming(false);
  }

  return (
    <section className="stack" aria-labelledby={headingId}>
      <h4 id={headingId}>Visibility</h4>
      <p className="muted">{isPublic ? 'Public: anyone can find, read and join this group.' : 'Private: only members can see this group.'}</p>
      {isPublic ? (
        <button type="button" onClick={() => void change('private')}>
          Make private
        </button>
      ) : confirming ? (
        <div className="stack" role="group" aria-label="Confirm making the group public">
          <p role="alert">
            Making this group public exposes its whole history: every message ever sent in it, its members and details become readable by
            everyone with an account, and anyone can join.
          </p>
          <div className="row">
            <button type="button" className="danger" onClick={() => void change('public')}>
              Make public and expose history
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Make public…
        </button>
      )}
    </section>
  );
}
