// The encryption of the signed-in user, for components deep in the tree: the service, the cache
// of decrypted bodies, why it is unavailable (if so), and how to open the key-backup restore.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Decryptions } from './decryptions';
import type { EncryptionService } from './service';

export interface Encryption {
  service: EncryptionService;
  decryptions: Decryptions;
  /** Opens the profile's key backup to restore it (the action under "sent before this device"). */
  openRestore: () => void;
}

export const EncryptionContext = createContext<Encryption | null>(null);

export function useEncryption(): Encryption | null {
  return useContext(EncryptionContext);
}

const noSubscribe = () => () => undefined;
const zero = () => 0;

/** Re-renders the caller whenever a decryption finishes; answers the cache. */
export function useDecryptions(): Decryptions | null {
  const encryption = useEncryption();
  useSyncExternalStore(encryption?.decryptions.subscribe ?? noSubscribe, encryption?.decryptions.getVersion ?? zero);
  return encryption?.decryptions ?? null;
}
