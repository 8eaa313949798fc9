package io.parley.standalone;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A push service as the tests need one (RFC 8030, on plain HTTP on the loopback): it records every
 * push it receives and answers with the status set for its path (201 unless told). Its devices
 * decrypt what they receive as a browser would (RFC 8291 from the device's private key and auth
 * secret, written here independently of the server's code), and VAPID headers are checked against
 * RFC 8292.
 */
final class PushServiceStub implements AutoCloseable {
  record Push(String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A browser's subscription: its key pair and auth secret, and where its pushes go. */
  record Device(String endpoint, String path, KeyPair keys, byte[] auth) {
    byte[] publicPoint() {
      return point((ECPublicKey) keys.getPublic());
    }

    Map<String, Object> subscription() {
      return Map.of(
          "endpoint", endpoint, "keys", Map.of("p256dh", b64(publicPoint()), "auth", b64(auth)));
    }

    /** The plaintext of a push this device received (aes128gcm, one record). */
    String decrypt(byte[] body) throws Exception {
      ByteBuffer in = ByteBuffer.wrap(body);
      byte[] salt = new byte[16];
      in.get(salt);
      int recordSize = in.getInt();
      if (recordSize < 18) {
        throw new IllegalStateException("record size " + recordSize);
      }
      byte[] senderKey = new byte[in.get() & 0xff];
      in.get(senderKey);
      byte[] ciphertext = new byte[in.remaining()];
      in.get(ciphertext);
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(keys.getPrivate());
      agreement.doPhase(publicKey(senderKey), true);
      byte[] shared = agreement.generateSecret();
      byte[] info =
          concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), publicPoint(), senderKey);
      byte[] ikm = expand(extract(auth, shared), info, 32);
      byte[] prk = extract(salt, ikm);
      byte[] cek =
          expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
      byte[] nonce =
          expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
      byte[] record = aes.doFinal(ciphertext);
      int end = record.length - 1;
      while (record[end] == 0) {
        end--;
      }
      if (record[end] != 2) {
        throw new IllegalStateException("not the last record");
      }
      return new String(record, 0, end, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final Map<String, Deque<Integer>> statuses = new ConcurrentHashMap<>();
  private final List<Push> received = java.util.Collections.synchronizedList(new ArrayList<>());

  PushServiceStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          received.add(new Push(path, Map.copyOf(exchange.getRequestHeaders()), body));
          Deque<Integer> answers = statuses.get(path);
          Integer status =
              answers == null ? null : answers.size() > 1 ? answers.poll() : answers.peek();
          exchange.sendResponseHeaders(status == null ? 201 : status, -1);
          exchange.close();
        });
    server.start();
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A new device whose pushes arrive at {@code /push/<name>}. */
  Device device(String name) {
    String path = "/push/" + name;
    byte[] auth = new byte[16];
    new SecureRandom().nextBytes(auth);
    return new Device(origin() + path, path, generate(), auth);
  }

  /** Answers pushes to the device with these statuses in turn, the last one from then on. */
  void answer(Device device, Integer... answers) {
    statuses.put(device.path(), new ConcurrentLinkedDeque<>(Arrays.asList(answers)));
  }

  List<Push> receivedBy(Device device) {
    synchronized (received) {
      return received.stream().filter(push -> push.path().equals(device.path())).toList();
    }
  }

  List<Push> all() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /**
   * Checks an {@code Authorization: vapid t=..., k=...} header (RFC 8292): k is the server's key,
   * the JWT is ES256-signed by it, its audience is this push service's origin, it has not expired
   * and expires within 24 hours, and it names a contact.
   */
  void verifyVapid(String authorization, String serverKey, long nowSeconds) throws Exception {
    if (authorization == null || !authorization.startsWith("vapid ")) {
      throw new AssertionError("not a vapid authorization: " + authorization);
    }
    String token = null;
    String key = null;
    for (String part : authorization.substring(6).split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair[0].equals("t")) {
        token = pair[1];
      } else if (pair[0].equals("k")) {
        key = pair[1];
      }
    }
    if (!serverKey.equals(key)) {
      throw new AssertionError("k is not the server's VAPID key: " + key);
    }
    String[] jwt = token.split("\\.");
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    var header = json.readTree(Base64.getUrlDecoder().decode(jwt[0]));
    if (!header.path("alg").asText().equals("ES256")) {
      throw new AssertionError("alg " + header);
    }
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(publicKey(Base64.getUrlDecoder().decode(key)));
    verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    if (!verifier.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
      throw new AssertionError("the VAPID signature does not verify");
    }
    var claims = json.readTree(Base64.getUrlDecoder().decode(jwt[1]));
    if (!claims.path("aud").asText().equals(origin())) {
      throw new AssertionError("aud " + claims);
    }
    long exp = claims.path("exp").asLong();
    if (exp <= nowSeconds || exp > nowSeconds + 24 * 3600) {
      throw new AssertionError("exp " + exp + " at " + nowSeconds);
    }
    String sub = claims.path("sub").asText();
    if (!sub.startsWith("mailto:") && !sub.startsWith("https:")) {
      throw new AssertionError("sub " + sub);
    }
  }

  // --- P-256 and HKDF, for the devices ---

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ECPublicKey publicKey(byte[] point) throws Exception {
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
    return (ECPublicKey)
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p256()));
  }

  static byte[] point(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    fixed(key.getW().getAffineX(), out, 1);
    fixed(key.getW().getAffineY(), out, 33);
    return out;
  }

  private static void fixed(BigInteger value, byte[] out, int at) {
    byte[] bytes = value.toByteArray();
    int from = Math.max(0, bytes.length - 32);
    System.arraycopy(bytes, from, out, at + 32 - (bytes.length - from), bytes.length - from);
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] extract(byte[] salt, byte[] ikm) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    return mac.doFinal(ikm);
  }

  private static byte[] expand(byte[] prk, byte[] info, int length) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    mac.update((byte) 1);
    return Arrays.copyOf(mac.doFinal(), length);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
