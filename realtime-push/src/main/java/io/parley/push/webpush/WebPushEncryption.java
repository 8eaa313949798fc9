package io.parley.push.webpush;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): an
 * ephemeral P-256 key agreed with the subscription's {@code p256dh} key, mixed with its {@code
 * auth} secret by HKDF-SHA-256, one record of AES-128-GCM. Written from the RFCs with the JDK's
 * crypto.
 */
final class WebPushEncryption {
  /** The record size announced in the header; a payload always fits in one record. */
  static final int RECORD_SIZE = 4096;

  /** The most plaintext one record holds: the record less the 16-byte tag and the delimiter. */
  static final int MAX_PLAINTEXT = RECORD_SIZE - 16 - 1;

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebPushEncryption() {}

  /** Encrypts {@code plaintext} for the subscription, with a fresh key pair and salt. */
  static byte[] encrypt(byte[] plaintext, byte[] p256dh, byte[] auth) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return encrypt(plaintext, p256dh, auth, EcKeys.generate(), salt);
  }

  /** The same with the sender's key pair and the salt given (the RFC's example fixes both). */
  static byte[] encrypt(byte[] plaintext, byte[] p256dh, byte[] auth, KeyPair sender, byte[] salt) {
    if (plaintext.length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException("payload too large for one record");
    }
    byte[] senderPublic = EcKeys.encode((ECPublicKey) sender.getPublic());
    try {
      byte[] ecdhSecret = ecdh((ECPrivateKey) sender.getPrivate(), EcKeys.publicKey(p256dh));
      byte[][] keys = contentKeys(ecdhSecret, auth, p256dh, senderPublic, salt);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(keys[0], "AES"),
          new GCMParameterSpec(128, keys[1]));
      byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
      padded[plaintext.length] = 2; // the last (and only) record's delimiter, no padding
      byte[] ciphertext = cipher.doFinal(padded);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write(salt);
      body.write(ByteBuffer.allocate(4).putInt(RECORD_SIZE).array());
      body.write(senderPublic.length);
      body.write(senderPublic);
      body.write(ciphertext);
      return body.toByteArray();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("Web Push encryption failed", e);
    }
  }

  /**
   * The user agent's side: decrypts a one-record {@code aes128gcm} body with the subscription's
   * private key and auth secret. Used by the tests' push-service stub.
   */
  static byte[] decrypt(byte[] body, ECPrivateKey receiver, byte[] receiverPublic, byte[] auth)
      throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    in.getInt(); // record size
    byte[] senderPublic = new byte[in.get() & 0xff];
    in.get(senderPublic);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);
    byte[] ecdhSecret = ecdh(receiver, EcKeys.publicKey(senderPublic));
    byte[][] keys = contentKeys(ecdhSecret, auth, receiverPublic, senderPublic, salt);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE, new SecretKeySpec(keys[0], "AES"), new GCMParameterSpec(128, keys[1]));
    byte[] padded = cipher.doFinal(ciphertext);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 2) {
      throw new GeneralSecurityException("not a last record");
    }
    return Arrays.copyOf(padded, end);
  }

  private static byte[] ecdh(ECPrivateKey own, ECPublicKey peer) throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(own);
    agreement.doPhase(peer, true);
    return agreement.generateSecret();
  }

  /** RFC 8291 section 3.4 then RFC 8188 section 2.2: {CEK (16 bytes), NONCE (12 bytes)}. */
  private static byte[][] contentKeys(
      byte[] ecdhSecret, byte[] auth, byte[] uaPublic, byte[] asPublic, byte[] salt)
      throws GeneralSecurityException {
    byte[] keyInfo =
        concat(
            "WebPush: info".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0},
            uaPublic,
            asPublic);
    byte[] ikm = hkdf(auth, ecdhSecret, keyInfo, 32);
    byte[] cek = hkdf(salt, ikm, label("Content-Encoding: aes128gcm"), 16);
    byte[] nonce = hkdf(salt, ikm, label("Content-Encoding: nonce"), 12);
    return new byte[][] {cek, nonce};
  }

  private static byte[] label(String text) {
    return concat(text.getBytes(StandardCharsets.US_ASCII), new byte[] {0});
  }

  /** HKDF-SHA-256 (RFC 5869) for outputs of at most one hash length. */
  static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length)
      throws GeneralSecurityException {
    byte[] prk = hmac(salt, ikm);
    byte[] okm = hmac(prk, concat(info, new byte[] {1}));
    return Arrays.copyOf(okm, length);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
