package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes an account: every live device session ends and the account accepts nothing more. The
 * caller has confirmed the password and erases the credentials row; deleting twice is deleting
 * once.
 */
public record DeleteAccountCommand(@TargetAggregateIdentifier UUID userId, Instant now) {}
