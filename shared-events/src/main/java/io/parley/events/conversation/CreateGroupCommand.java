package io.parley.events.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateGroupCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID creatorId,
    String name,
    String topic,
    Visibility visibility,
    List<UUID> memberIds,
    Instant now) {}
