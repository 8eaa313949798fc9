package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** Revision 2: revision 1 named {@code displayName} {@code name} (see the upcaster). */
@Revision("2")
public record DisplayNameChangedEvent(UUID userId, String displayName, Instant changedAt) {}
