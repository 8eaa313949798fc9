import type { User } from '../api/types';
import type { FilesClient } from '../files/client';
import type { ChatStore } from '../state/store';
import type { DesktopNotifications } from '../notifications/desktop';
import { DesktopNotificationsToggle } from '../notifications/DesktopNotificationsToggle';
import { Modal } from './Dialogs';
import { PictureEditor } from './PictureEditor';

/** My profile: the avatar others see next to my name. */
export function ProfileDialog({ store, files, me, notifications, onClose }: { store: ChatStore; files: FilesClient; me: User; notifications?: DesktopNotifications; onClose: () => void }) {
  return (
    <Modal title="Your profile" onClose={onClose}>
      <div className="stack">
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
      </div>
    </Modal>
  );
}
