package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.auth.AccessTokens;
import io.parley.support.auth.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Forged, altered and expired access tokens against the running app: each one is 401. */
@StandaloneTest
class TokenAttackTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String PASSWORD = "token password";

  @LocalServerPort int port;
  @Autowired AccessTokens accessTokens;
  @Autowired SigningKeys signingKeys;

  private AuthHttp api;
  private String userId;
  private String accessToken;
  private String refreshToken;

  @BeforeEach
  void signIn() {
    api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = "tok" + UUID.randomUUID().toString().substring(0, 8);
    userId = api.register(name, name + "@example.test", PASSWORD).user().path("userId").asText();
    AuthHttp.Reply login = api.login(name, PASSWORD, null);
    accessToken = login.body().path("accessToken").asText();
    refreshToken = login.body().path("refreshToken").asText();
  }

  private static String part(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private String payloadOf(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  private void assertRefused(String token) {
    for (AuthHttp.Reply reply :
        new AuthHttp.Reply[] {
          api.get("/api/me", token),
          api.get("/api/users/" + userId, token),
          api.patch("/api/me", token, Map.of("displayName", "Hijacked"))
        }) {
      assertThat(reply.status()).as(reply.raw()).isEqualTo(401);
      assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  void theGenuineTokenWorks() {
    assertThat(api.get("/api/users/" + userId, accessToken).status()).isEqualTo(200);
  }

  @Test
  void aTokenWhosePayloadWasEditedIsRefused() {
    String[] parts = accessToken.split("\\.");
    String otherUser = UUID.randomUUID().toString();
    String forged =
        parts[0] + "." + part(payloadOf(accessToken).replace(userId, otherUser)) + "." + parts[2];

    assertRefused(forged);
  }

  @Test
  void aTokenWhoseSignatureWasEditedIsRefused() {
    int at = accessToken.length() - 2;
    char c = accessToken.charAt(at);
    assertRefused(
        accessToken.substring(0, at) + (c == 'x' ? 'y' : 'x') + accessToken.substring(at + 1));
  }

  @Test
  void anExpiredTokenIsRefused() {
    String expired =
        accessTokens.issue(
            UUID.fromString(userId),
            UUID.randomUUID(),
            Instant.now().minus(AccessTokens.LIFETIME).minusSeconds(30));

    assertRefused(expired);
  }

  @Test
  void anUnsignedAlgNoneTokenIsRefused() {
    assertRefused(
        part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + part(payloadOf(accessToken)) + ".");
    assertRefused(part("{\"alg\":\"none\"}") + "." + accessToken.split("\\.")[1] + ".");
  }

  @Test
  void anHs256TokenMadeWithThePublicKeyIsRefused() throws GeneralSecurityException {
    String input = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + accessToken.split("\\.")[1];
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(signingKeys.publicKey().getEncoded(), "HmacSHA256"));
    String forged =
        input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));

    assertRefused(forged);
  }

  @Test
  void aRefreshTokenIsNoAccessTokenAndAnAccessTokenIsNoRefreshToken() {
    assertRefused(refreshToken);
    assertThat(api.refresh(accessToken).status()).isIn(400, 401);
    assertThat(api.refresh(refreshToken).status()).isEqualTo(200);
  }

  @Test
  void malformedAuthorizationHeadersAreRefused() {
    assertRefused("");
    assertRefused("garbage");
    assertRefused("a.b.c");
    assertRefused(accessToken + "x");
  }
}
