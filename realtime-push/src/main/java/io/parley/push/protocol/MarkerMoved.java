package io.parley.push.protocol;

import java.util.UUID;

/** {@code read.updated} and {@code delivered.updated}: a member's marker reached {@code seq}. */
public record MarkerMoved(UUID userId, long seq) {}
