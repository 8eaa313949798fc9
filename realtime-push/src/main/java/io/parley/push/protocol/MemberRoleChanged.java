package io.parley.push.protocol;

import java.util.UUID;

/** {@code member.role_changed}; {@code role} in lower case. */
public record MemberRoleChanged(UUID userId, String role, UUID actorId) {}
