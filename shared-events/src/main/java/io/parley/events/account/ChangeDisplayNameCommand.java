package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeDisplayNameCommand(
    @TargetAggregateIdentifier UUID userId, String displayName, Instant now) {}
