package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that the password changed and ends every other device session. The new hash is written to
 * the credentials table by the caller: no secret travels in the command.
 */
public record ChangePasswordCommand(
    @TargetAggregateIdentifier UUID userId, UUID bySessionId, Instant now) {}
