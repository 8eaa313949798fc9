package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Publishes the device key of a live session of the user. The same fingerprint again changes
 * nothing; another one replaces the session's key. A new key beyond {@code maxActiveKeys} active
 * keys of the user is refused.
 */
public record PublishDeviceKeyCommand(
    @TargetAggregateIdentifier UUID userId,
    UUID sessionId,
    String fingerprint,
    String publicKey,
    int maxActiveKeys,
    Instant now) {}
