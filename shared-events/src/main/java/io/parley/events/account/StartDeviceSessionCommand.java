package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A device logged in; its tokens live in the credentials store, never in the command. */
public record StartDeviceSessionCommand(
    @TargetAggregateIdentifier UUID userId, UUID sessionId, String deviceName, Instant now) {}
