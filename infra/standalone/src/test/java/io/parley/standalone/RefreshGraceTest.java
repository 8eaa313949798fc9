package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A tab reloaded while its refresh was in flight never saw the rotated token and presents the
 * previous one again: within 10 seconds that gets a fresh pair (ADR 0091). Real reuse still ends
 * the device session: an older token, or the previous one after the grace.
 */
@StandaloneTest
class RefreshGraceTest {
  private static final String PASSWORD = "grace password";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  private AuthHttp api;
  private String firstRefresh;

  @BeforeEach
  void signedIn() {
    api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = "grace" + UUID.randomUUID().toString().substring(0, 8);
    api.register(name, name + "@example.test", PASSWORD);
    firstRefresh = api.login(name, PASSWORD, "tab").body().path("refreshToken").asText();
  }

  private String refreshed(String token) {
    AuthHttp.Reply reply = api.refresh(token);
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    return reply.body().path("refreshToken").asText();
  }

  @Test
  void aReloadDuringARefreshMayPresentThePreviousTokenAgainForAFewSeconds() {
    String lost = refreshed(firstRefresh);

    AuthHttp.Reply again = api.refresh(firstRefresh);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    String current = again.body().path("refreshToken").asText();
    assertThat(current).isNotIn(firstRefresh, lost);
    assertThat(api.get("/api/me", again.body().path("accessToken").asText()).status())
        .isEqualTo(200);

    // the session lives on with the newest token
    assertThat(refreshed(current)).isNotBlank();
  }

  @Test
  void thePreviousTokenAfterTheGraceEndsTheSession() {
    String next = refreshed(firstRefresh);
    jdbc.update(
        "UPDATE refresh_token SET spent_at = spent_at - interval '1 minute' WHERE token_hash = ?",
        (Object) sha256(firstRefresh));

    assertThat(api.refresh(firstRefresh).status()).isEqualTo(401);
    assertThat(api.refresh(next).status()).as("the whole session ended").isEqualTo(401);
  }

  @Test
  void anOlderTokenEndsTheSessionEvenWithinTheGrace() {
    String second = refreshed(firstRefresh);
    String third = refreshed(second);

    assertThat(api.refresh(firstRefresh).status()).isEqualTo(401);
    assertThat(api.refresh(third).status()).as("the whole session ended").isEqualTo(401);
  }

  @Test
  void theTokenSupersededByAGraceIsAReuseOnceItsReplacementIsUsed() {
    String lost = refreshed(firstRefresh);
    String replacement = refreshed(firstRefresh);
    String current = refreshed(replacement);

    assertThat(api.refresh(lost).status()).isEqualTo(401);
    assertThat(api.refresh(current).status()).as("the whole session ended").isEqualTo(401);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
