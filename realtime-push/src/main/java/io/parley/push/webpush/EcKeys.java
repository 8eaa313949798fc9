package io.parley.push.webpush;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * P-256 keys in the forms Web Push uses: a public key as the 65-byte uncompressed point (0x04 || X
 * || Y) and a private key as its 32-byte scalar, both base64url without padding on the wire.
 */
final class EcKeys {
  static final ECParameterSpec P256 = p256();

  private EcKeys() {}

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK has no P-256", e);
    }
  }

  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(P256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The uncompressed point of a public key: 65 bytes. */
  static byte[] encode(ECPublicKey key) {
    byte[] point = new byte[65];
    point[0] = 4;
    copyUnsigned(key.getW().getAffineX(), point, 1);
    copyUnsigned(key.getW().getAffineY(), point, 33);
    return point;
  }

  /** The private scalar: 32 bytes. */
  static byte[] encode(ECPrivateKey key) {
    byte[] scalar = new byte[32];
    copyUnsigned(key.getS(), scalar, 0);
    return scalar;
  }

  private static void copyUnsigned(BigInteger value, byte[] into, int at) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > 32 ? bytes.length - 32 : 0;
    int length = bytes.length - start;
    System.arraycopy(bytes, start, into, at + 32 - length, length);
  }

  /**
   * A public key from its uncompressed point; throws {@link IllegalArgumentException} when the
   * bytes are not a point on P-256 (so a hostile subscription key is refused, not used).
   */
  static ECPublicKey publicKey(byte[] point) {
    if (point == null || point.length != 65 || point[0] != 4) {
      throw new IllegalArgumentException("not an uncompressed P-256 point");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
    if (!onCurve(x, y)) {
      throw new IllegalArgumentException("not a point on P-256");
    }
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 public key", e);
    }
  }

  static ECPrivateKey privateKey(byte[] scalar) {
    if (scalar == null || scalar.length != 32) {
      throw new IllegalArgumentException("not a 32-byte P-256 private key");
    }
    BigInteger s = new BigInteger(1, scalar);
    if (s.signum() == 0 || s.compareTo(P256.getOrder()) >= 0) {
      throw new IllegalArgumentException("not a P-256 private key");
    }
    try {
      return (ECPrivateKey)
          KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, P256));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 private key", e);
    }
  }

  /** y² = x³ + ax + b (mod p), with both coordinates in the field. */
  static boolean onCurve(BigInteger x, BigInteger y) {
    BigInteger p = ((java.security.spec.ECFieldFp) P256.getCurve().getField()).getP();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right =
        x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
    return left.equals(right);
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Decodes base64url with or without padding; throws IllegalArgumentException otherwise. */
  static byte[] fromBase64Url(String text) {
    return Base64.getUrlDecoder().decode(text);
  }
}
