package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends one device session (logout or a reused refresh token). Ending an ended one is a no-op. */
public record EndDeviceSessionCommand(
    @TargetAggregateIdentifier UUID userId, UUID sessionId, SessionEndReason reason, Instant now) {}
