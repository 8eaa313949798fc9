package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes a group's settings; a {@code null} field keeps its current value. */
public record UpdateGroupCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID actorId,
    String name,
    String topic,
    Visibility visibility,
    Instant now) {}
