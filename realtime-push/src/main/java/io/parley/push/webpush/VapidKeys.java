package io.parley.push.webpush;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The application server's VAPID identity (RFC 8292): one ES256 key pair for every push process.
 * Configured ({@code parley.webpush.vapid.public-key}/{@code private-key}), or else made by the
 * first process to start and kept in the push service's Postgres, where the others read it.
 */
@Component
public class VapidKeys {
  /** How long a signed token is valid; RFC 8292 allows at most 24 hours. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

  private final ECPublicKey publicKey;
  private final ECPrivateKey privateKey;
  private final String subject;
  private final Clock clock;

  VapidKeys(
      JdbcTemplate jdbc,
      Clock clock,
      @Value("${parley.webpush.vapid.public-key:}") String configuredPublic,
      @Value("${parley.webpush.vapid.private-key:}") String configuredPrivate,
      @Value("${parley.webpush.vapid.subject:mailto:webpush@parley.invalid}") String subject,
      @org.springframework.beans.factory.annotation.Qualifier("pushMigration")
          io.parley.support.db.ModuleMigration pushMigration) {
    this.clock = clock;
    this.subject = subject;
    if (!configuredPublic.isBlank() || !configuredPrivate.isBlank()) {
      if (configuredPublic.isBlank() || configuredPrivate.isBlank()) {
        throw new IllegalStateException(
            "parley.webpush.vapid.public-key and private-key are set together or not at all");
      }
      this.publicKey = EcKeys.publicKey(EcKeys.fromBase64Url(configuredPublic.trim()));
      this.privateKey = EcKeys.privateKey(EcKeys.fromBase64Url(configuredPrivate.trim()));
      if (!matches(publicKey, privateKey)) {
        throw new IllegalStateException("The configured VAPID keys are not one pair");
      }
    } else {
      KeyPair fresh = EcKeys.generate();
      jdbc.update(
          "INSERT INTO push_vapid_key (id, public_key, private_key, created_at)"
              + " VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
          EcKeys.encode((ECPublicKey) fresh.getPublic()),
          EcKeys.encode((ECPrivateKey) fresh.getPrivate()),
          Timestamp.from(clock.instant()));
      Map<String, Object> row =
          jdbc.queryForMap("SELECT public_key, private_key FROM push_vapid_key WHERE id = 1");
      this.publicKey = EcKeys.publicKey((byte[]) row.get("public_key"));
      this.privateKey = EcKeys.privateKey((byte[]) row.get("private_key"));
    }
  }

  private static boolean matches(ECPublicKey publicKey, ECPrivateKey privateKey) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      byte[] probe = "vapid".getBytes(StandardCharsets.US_ASCII);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The public key as browsers take it: base64url of the uncompressed point. */
  public String publicKeyBase64Url() {
    return EcKeys.base64Url(EcKeys.encode(publicKey));
  }

  /**
   * The {@code Authorization} header for a request to {@code endpoint}: {@code vapid t=<JWT>,
   * k=<public key>}, the JWT signed with ES256 for the endpoint's origin as audience.
   */
  String authorization(URI endpoint) {
    return "vapid t=" + token(audienceOf(endpoint)) + ", k=" + publicKeyBase64Url();
  }

  static String audienceOf(URI endpoint) {
    String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
    int port = endpoint.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + endpoint.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  private String token(String audience) {
    long expires = clock.instant().plus(TOKEN_LIFETIME).getEpochSecond();
    String header = encode("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
    String claims =
        encode(
            "{\"aud\":\""
                + jsonText(audience)
                + "\",\"exp\":"
                + expires
                + ",\"sub\":\""
                + jsonText(subject)
                + "\"}");
    String signingInput = header + "." + claims;
    try {
      // P1363 format: r || s, 32 bytes each, as JWS wants (RFC 7518 section 3.4).
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(privateKey);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + EcKeys.base64Url(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("VAPID signing failed", e);
    }
  }

  private static String encode(String json) {
    return EcKeys.base64Url(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String jsonText(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
