package io.parley.events.conversation;

import io.parley.events.message.Attachment;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An owner or admin sets ({@code picture} an image) or clears (null) a group's picture. */
public record ChangeGroupPictureCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID actorId,
    Attachment picture,
    Instant now) {}
