package io.parley.events.account;

import io.parley.events.message.Attachment;
import java.time.Instant;
import java.util.UUID;

/** A user's avatar after a change: an image, or null when cleared (docs/adr/0140). */
public record AvatarChangedEvent(UUID userId, Attachment avatar, Instant changedAt) {}
