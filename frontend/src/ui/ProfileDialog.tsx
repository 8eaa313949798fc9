import { useMemo, useState } from 'react';
import type { Http } from '../api/http';
import type { User } from '../api/types';
import type { FilesClient } from '../files/client';
import { AccountClient } from '../profile/account';
import { DeleteAccount } from '../profile/DeleteAccount';
import { NameForm } from '../profile/NameForm';
import { PasswordForm } from '../profile/PasswordForm';
import { SessionsList } from '../profile/SessionsList';
import type { ChatStore } from '../state/store';
import type { DesktopNotifications } from '../notifications/desktop';
import { DesktopNotificationsToggle } from '../notifications/DesktopNotificationsToggle';
import { Modal } from './Dialogs';
import { PictureEditor } from './PictureEditor';
import type { Encryption } from '../encryption/EncryptionContext';
import { KeyBackupSection } from '../encryption/KeyBackup';

/** My profile: picture, display name, password, signed-in devices, and deleting the account. */
export function ProfileDialog({
  store,
  files,
  http,
  me,
  notifications,
  encryption = null,
  restoreFirst = false,
  onClose,
  onDeleted,
}: {
  encryption?: Encryption | null;
  /** Opened from "Restore from key backup" under a message: that section first. */
  restoreFirst?: boolean;
  store: ChatStore;
  files: FilesClient;
  http: Http;
  me: User;
  notifications?: DesktopNotifications;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const account = useMemo(() => new AccountClient(http), [http]);
  const [sessionsKey, setSessionsKey] = useState(0);
  return (
    <Modal title="Your profile" onClose={onClose}>
      <div className="stack profile">
        {encryption && restoreFirst && (
          <KeyBackupSection service={encryption.service} onRestored={() => encryption.decryptions.retryUnreadable()} focusRestore />
        )}
        <p className="profile-name">
          <strong>{me.displayName}</strong> <small className="muted">@{me.username}</small>
        </p>
        <PictureEditor
          files={files}
          ownerId={me.userId}
          name={me.displayName}
          imageId={me.avatarId}
          label="Profile picture"
          onSet={async (uploadId) => store.applyUser(await files.setAvatar(uploadId))}
          onRemove={async () => store.applyUser(await files.removeAvatar())}
        />
        {notifications && <DesktopNotificationsToggle notifications={notifications} />}
        <NameForm account={account} me={me} onChanged={(user) => store.applyUser(user)} />
        <PasswordForm account={account} onChanged={() => setSessionsKey((k) => k + 1)} />
        <SessionsList account={account} reloadKey={sessionsKey} />
        {encryption && !restoreFirst && (
          <KeyBackupSection service={encryption.service} onRestored={() => encryption.decryptions.retryUnreadable()} />
        )}
        <DeleteAccount account={account} onDeleted={onDeleted} />
      </div>
    </Modal>
  );
}
