package io.parley.support.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access-token verification refuses everything but an unexpired EdDSA token of ours: tokens are
 * forged here by hand, byte by byte, the way an attacker would.
 */
class AccessTokensTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final UUID USER = UUID.randomUUID();
  private static final UUID SESSION = UUID.randomUUID();

  @TempDir Path dataDir;

  private final KeyPair pair = generate();
  private final AccessTokens tokens = new AccessTokens(keys(pair));

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private SigningKeys keys(KeyPair keyPair) {
    Base64.Encoder b64 = Base64.getEncoder();
    return SigningKeys.load(
        b64.encodeToString(keyPair.getPublic().getEncoded()),
        b64.encodeToString(keyPair.getPrivate().getEncoded()),
        dataDir);
  }

  private static String claims(String issuer, String audience, Instant expires) {
    long now = Instant.now().getEpochSecond();
    return "{\"iss\":\""
        + issuer
        + "\",\"aud\":\""
        + audience
        + "\",\"sub\":\""
        + USER
        + "\",\"sid\":\""
        + SESSION
        + "\",\"iat\":"
        + now
        + ",\"exp\":"
        + expires.getEpochSecond()
        + "}";
  }

  private static String validClaims() {
    return claims(AccessTokens.ISSUER, AccessTokens.AUDIENCE, Instant.now().plusSeconds(600));
  }

  private static String part(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String signedEdDsa(KeyPair keyPair, String header, String claims) {
    String signingInput = part(header) + "." + part(claims);
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(keyPair.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTokenItIssuedVerifiesAsItsUserAndSession() {
    Instant now = Instant.now();
    AuthenticatedUser user = tokens.verify(tokens.issue(USER, SESSION, now));

    assertThat(user.userId()).isEqualTo(USER);
    assertThat(user.sessionId()).isEqualTo(SESSION);
    assertThat(user.expiresAt()).isAfter(now.plus(AccessTokens.LIFETIME).minusSeconds(2));
  }

  @Test
  void aHandMadeEdDsaTokenWithTheRightKeyAndClaimsVerifies() {
    // proves the forgeries below fail for their flaw, not for the way they were built
    String token = signedEdDsa(pair, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}", validClaims());

    assertThat(tokens.verify(token).userId()).isEqualTo(USER);
  }

  @Test
  void aTokenWithATamperedPayloadIsRefused() {
    String[] parts = tokens.issue(USER, SESSION, Instant.now()).split("\\.");
    String forged =
        parts[0]
            + "."
            + part(validClaims().replace(USER.toString(), UUID.randomUUID().toString()))
            + "."
            + parts[2];

    assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenWithATamperedSignatureIsRefused() {
    String token = tokens.issue(USER, SESSION, Instant.now());
    char last = token.charAt(token.length() - 2);
    String forged =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);

    assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token =
        tokens.issue(USER, SESSION, Instant.now().minus(AccessTokens.LIFETIME).minusSeconds(60));

    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void anUnsignedAlgNoneTokenIsRefused() {
    String token = part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + part(validClaims()) + ".";

    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void anHs256TokenKeyedWithThePublicKeyIsRefused() throws GeneralSecurityException {
    // the classic algorithm-confusion attack: the public key is no secret
    String signingInput = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + part(validClaims());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(pair.getPublic().getEncoded(), "HmacSHA256"));
    String token =
        signingInput
            + "."
            + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String token = new AccessTokens(keys(generate())).issue(USER, SESSION, Instant.now());

    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    String token =
        signedEdDsa(
            pair,
            "{\"alg\":\"EdDSA\"}",
            claims("someone-else", AccessTokens.AUDIENCE, Instant.now().plusSeconds(600)));

    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    String token =
        signedEdDsa(
            pair,
            "{\"alg\":\"EdDSA\"}",
            claims(AccessTokens.ISSUER, "another-api", Instant.now().plusSeconds(600)));

    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenWithoutExpiryIsRefused() {
    String token =
        signedEdDsa(pair, "{\"alg\":\"EdDSA\"}", validClaims().replaceAll(",\"exp\":\\d+", ""));

    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void garbageMissingAndOversizedTokensAreRefused() {
    assertThatThrownBy(() -> tokens.verify(null)).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> tokens.verify("")).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> tokens.verify("not.a.jwt")).isInstanceOf(InvalidTokenException.class);
    String huge = "a".repeat(5000);
    assertThatThrownBy(() -> tokens.verify(huge)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenOfAnEndedDeviceSessionIsRefusedWhileOthersStillWork() {
    UUID other = UUID.randomUUID();
    AccessTokens revoking = new AccessTokens(keys(pair), SESSION::equals);

    assertThatThrownBy(() -> revoking.verify(revoking.issue(USER, SESSION, Instant.now())))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(revoking.verify(revoking.issue(USER, other, Instant.now())).sessionId())
        .isEqualTo(other);
  }

  @Test
  void aTokenVerifiedBeforeIsRefusedOnceItsSessionEnds() {
    java.util.Set<UUID> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AccessTokens revoking = new AccessTokens(keys(pair), ended::contains);
    String token = revoking.issue(USER, SESSION, Instant.now());
    assertThat(revoking.verify(token).sessionId()).isEqualTo(SESSION);
    assertThat(revoking.verify(token).sessionId()).as("again, from the cache").isEqualTo(SESSION);

    ended.add(SESSION);

    assertThatThrownBy(() -> revoking.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenVerifiedBeforeIsRefusedOnceItExpires() throws InterruptedException {
    // issued so that it expires (with the 5 s allowance for clock skew) a moment from now
    String token =
        tokens.issue(USER, SESSION, Instant.now().minus(AccessTokens.LIFETIME).minusSeconds(2));
    assertThat(tokens.verify(token).userId()).isEqualTo(USER);
    Thread.sleep(3_500);
    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void accessTokensLiveFifteenMinutes() {
    assertThat(AccessTokens.LIFETIME).isEqualTo(Duration.ofMinutes(15));
  }
}
