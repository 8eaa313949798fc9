package io.parley.support.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Issues and verifies access tokens: EdDSA-signed JWTs with issuer, audience and expiry checked.
 * The algorithm is pinned: a token with any other {@code alg} (including {@code none}) is refused.
 */
public final class AccessTokens {
  public static final String ISSUER = "parley";
  public static final String AUDIENCE = "parley-api";
  public static final Duration LIFETIME = Duration.ofMinutes(15);
  private static final String ALGORITHM = "EdDSA";
  private static final String SESSION_CLAIM = "sid";

  private final SigningKeys keys;
  private final JwtParser parser;
  private final Predicate<UUID> sessionEnded;

  /**
   * Tokens whose signature and claims were already checked, by their exact text: an Ed25519
   * verification in pure Java costs more than the rest of a typical request (docs/perf), and a
   * client presents the same token for its whole lifetime. Expiry and ended sessions are still
   * checked on every use; the map is emptied when it reaches {@link #CACHE_LIMIT} entries.
   */
  private final Map<String, AuthenticatedUser> verified = new ConcurrentHashMap<>();

  static final int CACHE_LIMIT = 10_000;
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  public AccessTokens(SigningKeys keys) {
    this(keys, sessionId -> false);
  }

  /** {@code sessionEnded} refuses the tokens of device sessions known to have ended. */
  public AccessTokens(SigningKeys keys, Predicate<UUID> sessionEnded) {
    this.keys = keys;
    this.sessionEnded = sessionEnded;
    this.parser =
        Jwts.parser()
            .verifyWith(keys.publicKey())
            .requireIssuer(ISSUER)
            .requireAudience(AUDIENCE)
            .clockSkewSeconds(CLOCK_SKEW.toSeconds())
            .build();
  }

  public String issue(UUID userId, UUID sessionId, Instant now) {
    return Jwts.builder()
        .issuer(ISSUER)
        .audience()
        .add(AUDIENCE)
        .and()
        .subject(userId.toString())
        .claim(SESSION_CLAIM, sessionId.toString())
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(LIFETIME)))
        .signWith(keys.privateKey(), Jwts.SIG.EdDSA)
        .compact();
  }

  public AuthenticatedUser verify(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      throw new InvalidTokenException("missing or oversized token");
    }
    AuthenticatedUser known = verified.get(token);
    if (known != null) {
      if (!Instant.now().isBefore(known.expiresAt().plus(CLOCK_SKEW))) {
        verified.remove(token);
        throw new InvalidTokenException("invalid or expired token");
      }
      if (sessionEnded.test(known.sessionId())) {
        throw new InvalidTokenException("the device session has ended");
      }
      return known;
    }
    AuthenticatedUser user = verifySignedClaims(token);
    if (verified.size() >= CACHE_LIMIT) {
      verified.clear();
    }
    verified.put(token, user);
    return user;
  }

  private AuthenticatedUser verifySignedClaims(String token) {
    try {
      Jws<Claims> jws = parser.parseSignedClaims(token);
      if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
        throw new InvalidTokenException("unexpected signing algorithm");
      }
      Claims claims = jws.getPayload();
      UUID sessionId = UUID.fromString(claims.get(SESSION_CLAIM, String.class));
      if (sessionEnded.test(sessionId)) {
        throw new InvalidTokenException("the device session has ended");
      }
      return new AuthenticatedUser(
          UUID.fromString(claims.getSubject()), sessionId, claims.getExpiration().toInstant());
    } catch (JwtException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidTokenException("invalid or expired token");
    }
  }
}
