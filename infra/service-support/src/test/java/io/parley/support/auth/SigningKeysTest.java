package io.parley.support.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone default makes its signing key once and keeps it; configuration overrides it. */
class SigningKeysTest {
  @TempDir Path dataDir;

  @Test
  void theFirstStartGeneratesAPrivateKeyFileAndLaterStartsReuseIt() throws IOException {
    SigningKeys first = SigningKeys.load("", "", dataDir);
    Path file = dataDir.resolve("keys").resolve(SigningKeys.FILE_NAME);
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    SigningKeys again = SigningKeys.load("", "", dataDir);
    assertThat(again.publicKey().getEncoded()).isEqualTo(first.publicKey().getEncoded());
    String token =
        new AccessTokens(first).issue(UUID.randomUUID(), UUID.randomUUID(), Instant.now());
    assertThat(new AccessTokens(again).verify(token)).isNotNull();
  }

  @Test
  void aConfiguredPublicKeyAloneVerifiesButCannotSign() {
    SigningKeys generated = SigningKeys.load("", "", dataDir);
    String publicOnly = Base64.getEncoder().encodeToString(generated.publicKey().getEncoded());
    SigningKeys verifier = SigningKeys.load(publicOnly, "", dataDir.resolve("unused"));

    String token =
        new AccessTokens(generated).issue(UUID.randomUUID(), UUID.randomUUID(), Instant.now());
    assertThat(new AccessTokens(verifier).verify(token)).isNotNull();
    assertThatThrownBy(verifier::privateKey).isInstanceOf(IllegalStateException.class);
    assertThat(dataDir.resolve("unused")).doesNotExist();
  }

  @Test
  void aConfiguredKeyThatIsNotEd25519IsRefusedAtStartUp() {
    assertThatThrownBy(() -> SigningKeys.load("bm90IGEga2V5", "", dataDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Ed25519");
  }
}
