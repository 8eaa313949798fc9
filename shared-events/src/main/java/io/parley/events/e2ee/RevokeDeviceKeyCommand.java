package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revokes the session's active device key; a session without one changes nothing. */
public record RevokeDeviceKeyCommand(
    @TargetAggregateIdentifier UUID userId, UUID sessionId, Instant now) {}
