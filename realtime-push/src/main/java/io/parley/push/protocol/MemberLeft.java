package io.parley.push.protocol;

import java.util.UUID;

/** {@code member.left}: removed by {@code actorId}, or left when that is the member. */
public record MemberLeft(UUID userId, UUID actorId) {}
