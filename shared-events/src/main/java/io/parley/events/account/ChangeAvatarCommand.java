package io.parley.events.account;

import io.parley.events.message.Attachment;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets ({@code avatar} an image) or clears ({@code avatar} null) a user's avatar. */
public record ChangeAvatarCommand(
    @TargetAggregateIdentifier UUID userId, Attachment avatar, Instant now) {}
