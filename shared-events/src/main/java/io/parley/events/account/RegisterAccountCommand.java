package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates an account. Credentials and email never travel in commands or events. */
public record RegisterAccountCommand(
    @TargetAggregateIdentifier UUID userId, String username, String displayName, Instant now) {}
