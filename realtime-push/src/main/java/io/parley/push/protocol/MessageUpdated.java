package io.parley.push.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.util.UUID;

/** {@code message.updated}: the new body of an edited message. */
public record MessageUpdated(
    @JsonFormat(shape = JsonFormat.Shape.STRING) long messageId,
    long seq,
    String body,
    Instant editedAt,
    UUID editorId) {}
