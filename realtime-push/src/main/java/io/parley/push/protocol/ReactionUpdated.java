package io.parley.push.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.UUID;

/** {@code reaction.updated}: one user's reaction added ({@code reacted}) or removed. */
public record ReactionUpdated(
    @JsonFormat(shape = JsonFormat.Shape.STRING) long messageId,
    long seq,
    UUID userId,
    String emoji,
    boolean reacted) {}
