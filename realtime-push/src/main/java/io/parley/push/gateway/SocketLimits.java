package io.parley.push.gateway;

/**
 * What bounds the resources one client can take (ADR 0095): unidentified sockets per address,
 * sessions per account, and one memory budget for every queue and replay buffer.
 */
record SocketLimits(HandshakeLimiter handshakes, SocketQuota quota, BufferBudget budget) {}
