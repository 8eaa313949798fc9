package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes the user's key backup; without one it changes nothing. */
public record RemoveKeyBackupCommand(@TargetAggregateIdentifier UUID userId, Instant now) {}
