package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stores the user's key backup in place of any previous one; the same backup again is a no-op. */
public record StoreKeyBackupCommand(
    @TargetAggregateIdentifier UUID userId,
    String fingerprint,
    String publicKey,
    String encryptedPrivateKey,
    Instant now) {}
