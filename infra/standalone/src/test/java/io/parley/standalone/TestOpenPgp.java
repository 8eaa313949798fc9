package io.parley.standalone;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * A real OpenPGP (RFC 4880/9580) key and ciphertext, made in the test the way a client would: the
 * server only ever sees the armored message. Test scope only; the server has no OpenPGP code.
 */
final class TestOpenPgp {
  private final PGPKeyPair key;
  private final SecureRandom random = new SecureRandom();

  TestOpenPgp() {
    try {
      RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
      generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), random, 2048, 12));
      key =
          new BcPGPKeyPair(
              PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair(), new Date());
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The lowercase hex fingerprint of the public key. */
  String fingerprint() {
    StringBuilder hex = new StringBuilder();
    for (byte b : key.getPublicKey().getFingerprint()) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  /** An ASCII-armored OpenPGP message holding {@code plaintext}, encrypted to this key. */
  String encrypt(String plaintext) {
    byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
    PGPEncryptedDataGenerator generator =
        new PGPEncryptedDataGenerator(
            new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(random));
    generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key.getPublicKey()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armored = new ArmoredOutputStream(out);
        OutputStream encrypted = generator.open(armored, new byte[4096])) {
      PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
      try (OutputStream literalOut =
          literal.open(encrypted, PGPLiteralData.UTF8, "", bytes.length, new Date())) {
        literalOut.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** Decrypts an armored message made by {@link #encrypt}. */
  String decrypt(String armored) {
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
      Object first = new BcPGPObjectFactory(in).nextObject();
      PGPEncryptedDataList list = (PGPEncryptedDataList) first;
      PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
      InputStream clear =
          data.getDataStream(new BcPublicKeyDataDecryptorFactory(key.getPrivateKey()));
      PGPLiteralData literal = (PGPLiteralData) new BcPGPObjectFactory(clear).nextObject();
      return new String(literal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }
}
