package io.parley.push.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A configured VAPID pair (RFC 8292): used as given, checked to be one pair, signs ES256 JWTs. */
class VapidKeysTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  private static VapidKeys configured(String publicKey, String privateKey) {
    return new VapidKeys(
        null,
        Clock.fixed(NOW, ZoneOffset.UTC),
        publicKey,
        privateKey,
        "mailto:ops@example.test",
        null);
  }

  @Test
  void aConfiguredPairSignsTokensForTheEndpointsOrigin() throws Exception {
    KeyPair pair = EcKeys.generate();
    String publicKey = EcKeys.base64Url(EcKeys.encode((ECPublicKey) pair.getPublic()));
    VapidKeys keys =
        configured(publicKey, EcKeys.base64Url(EcKeys.encode((ECPrivateKey) pair.getPrivate())));
    assertThat(keys.publicKeyBase64Url()).isEqualTo(publicKey);

    String header = keys.authorization(URI.create("https://push.example.test:8443/send/abc"));
    assertThat(header).startsWith("vapid t=").endsWith(", k=" + publicKey);
    String token = header.substring("vapid t=".length(), header.indexOf(','));
    String[] parts = token.split("\\.");
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(pair.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(EcKeys.fromBase64Url(parts[2]))).isTrue();
    JsonNode claims = new ObjectMapper().readTree(EcKeys.fromBase64Url(parts[1]));
    assertThat(claims.path("aud").asText()).isEqualTo("https://push.example.test:8443");
    assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 12 * 3600);
    assertThat(claims.path("sub").asText()).isEqualTo("mailto:ops@example.test");
    JsonNode jose = new ObjectMapper().readTree(EcKeys.fromBase64Url(parts[0]));
    assertThat(jose.path("alg").asText()).isEqualTo("ES256");
  }

  @Test
  void halfAPairOrTwoHalvesOfDifferentPairsRefuseToStart() {
    KeyPair one = EcKeys.generate();
    KeyPair other = EcKeys.generate();
    String publicKey = EcKeys.base64Url(EcKeys.encode((ECPublicKey) one.getPublic()));
    String otherPrivate = EcKeys.base64Url(EcKeys.encode((ECPrivateKey) other.getPrivate()));
    assertThatThrownBy(() -> configured(publicKey, "")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> configured(publicKey, otherPrivate))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not one pair");
    assertThatThrownBy(() -> configured("not-a-key", otherPrivate))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
