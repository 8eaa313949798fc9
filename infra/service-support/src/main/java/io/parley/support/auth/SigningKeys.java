package io.parley.support.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The Ed25519 key pair that signs access tokens. Taken from configuration ({@code
 * PARLEY_AUTH_PUBLIC_KEY}, {@code PARLEY_AUTH_PRIVATE_KEY}: base64 DER) when given; otherwise read
 * from, or on first start generated into, {@code <data-dir>/keys/access-token-ed25519.key}.
 */
public final class SigningKeys {
  static final String FILE_NAME = "access-token-ed25519.key";

  private final PublicKey publicKey;
  private final Optional<PrivateKey> privateKey;

  private SigningKeys(PublicKey publicKey, Optional<PrivateKey> privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  public static SigningKeys load(String publicKeyBase64, String privateKeyBase64, Path dataDir) {
    if (publicKeyBase64 != null && !publicKeyBase64.isBlank()) {
      return new SigningKeys(
          decodePublic(publicKeyBase64),
          Optional.ofNullable(privateKeyBase64)
              .filter(value -> !value.isBlank())
              .map(SigningKeys::decodePrivate));
    }
    return loadOrGenerate(dataDir.resolve("keys").resolve(FILE_NAME));
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public PrivateKey privateKey() {
    return privateKey.orElseThrow(
        () ->
            new IllegalStateException(
                "No private signing key: set PARLEY_AUTH_PRIVATE_KEY on the command side"));
  }

  private static SigningKeys loadOrGenerate(Path file) {
    try {
      if (!Files.exists(file)) {
        generate(file);
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      return new SigningKeys(decodePublic(lines.get(0)), Optional.of(decodePrivate(lines.get(1))));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the signing key " + file, e);
    }
  }

  private static void generate(Path file) throws IOException {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM cannot generate Ed25519 keys", e);
    }
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), "key", ".tmp");
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    Base64.Encoder base64 = Base64.getEncoder();
    Files.writeString(
        temp,
        base64.encodeToString(pair.getPublic().getEncoded())
            + "\n"
            + base64.encodeToString(pair.getPrivate().getEncoded())
            + "\n",
        StandardCharsets.US_ASCII);
    try {
      // no REPLACE_EXISTING: when two processes race, the first key wins and both use it
      Files.move(temp, file);
    } catch (FileAlreadyExistsException raced) {
      Files.deleteIfExists(temp);
    }
  }

  private static PublicKey decodePublic(String base64) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("The public signing key is not a base64 Ed25519 key", e);
    }
  }

  private static PrivateKey decodePrivate(String base64) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("The private signing key is not a base64 Ed25519 key", e);
    }
  }
}
