package io.parley.push.protocol;

import java.util.UUID;

/** {@code member.joined}; {@code role} in lower case. */
public record MemberJoined(UUID userId, String role, UUID actorId) {}
