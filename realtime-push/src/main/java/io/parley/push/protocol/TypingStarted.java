package io.parley.push.protocol;

import java.util.UUID;

/** {@code typing.started}. */
public record TypingStarted(UUID userId) {}
