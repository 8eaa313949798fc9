package io.parley.command.e2ee;

import java.util.Collection;
import java.util.UUID;

/**
 * The keys a message in an encrypted conversation must be encrypted to, as the command side knows
 * them right now: the active device keys and the backup keys of the given members.
 */
public interface RecipientKeys {
  /**
   * The {@link io.parley.events.e2ee.KeySetVersion} of the active device keys and backup keys of
   * {@code memberIds} (members without keys contribute nothing).
   */
  String currentVersion(Collection<UUID> memberIds);
}
