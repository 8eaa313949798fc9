package io.parley.push.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

/** RFC 8291 message encryption, held to the RFC's own example (Appendix A). */
class WebPushEncryptionTest {
  // RFC 8291 Appendix A, base64url as published (line breaks removed).
  static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
  static final String AS_PUBLIC =
      "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
  static final String UA_PUBLIC =
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
  static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
  static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
  static final String BODY =
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6Tl"
          + "zAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qul"
          + "cy4a-fN";

  private static byte[] b64(String text) {
    return EcKeys.fromBase64Url(text);
  }

  @Test
  void encryptingTheRfcExampleGivesTheRfcBody() {
    KeyPair sender =
        new KeyPair(EcKeys.publicKey(b64(AS_PUBLIC)), EcKeys.privateKey(b64(AS_PRIVATE)));
    byte[] body =
        WebPushEncryption.encrypt(
            PLAINTEXT.getBytes(StandardCharsets.UTF_8),
            b64(UA_PUBLIC),
            b64(AUTH),
            sender,
            b64(SALT));
    assertThat(EcKeys.base64Url(body)).isEqualTo(BODY);
  }

  @Test
  void theUserAgentDecryptsTheRfcBody() throws Exception {
    byte[] plaintext =
        WebPushEncryption.decrypt(
            b64(BODY), EcKeys.privateKey(b64(UA_PRIVATE)), b64(UA_PUBLIC), b64(AUTH));
    assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
  }

  @Test
  void aFreshEncryptionRoundTripsAndNeverRepeatsItsSaltOrKey() throws Exception {
    KeyPair receiver = EcKeys.generate();
    byte[] receiverPublic = EcKeys.encode((ECPublicKey) receiver.getPublic());
    byte[] auth = b64(AUTH);
    byte[] payload = "{\"conversationId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    byte[] first = WebPushEncryption.encrypt(payload, receiverPublic, auth);
    byte[] second = WebPushEncryption.encrypt(payload, receiverPublic, auth);
    assertThat(first).isNotEqualTo(second);
    assertThat(
            WebPushEncryption.decrypt(
                first, (ECPrivateKey) receiver.getPrivate(), receiverPublic, auth))
        .isEqualTo(payload);
    byte[] tampered = first.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(
            () ->
                WebPushEncryption.decrypt(
                    tampered, (ECPrivateKey) receiver.getPrivate(), receiverPublic, auth))
        .isInstanceOf(java.security.GeneralSecurityException.class);
  }

  @Test
  void aPointOffTheCurveIsRefused() {
    byte[] point = b64(UA_PUBLIC);
    point[64] ^= 1;
    assertThatThrownBy(() -> EcKeys.publicKey(point)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EcKeys.publicKey(new byte[65]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysSurviveTheirWireForm() {
    KeyPair pair = EcKeys.generate();
    byte[] publicPoint = EcKeys.encode((ECPublicKey) pair.getPublic());
    byte[] scalar = EcKeys.encode((ECPrivateKey) pair.getPrivate());
    assertThat(publicPoint).hasSize(65);
    assertThat(scalar).hasSize(32);
    assertThat(EcKeys.encode(EcKeys.publicKey(publicPoint))).isEqualTo(publicPoint);
    assertThat(EcKeys.encode(EcKeys.privateKey(scalar))).isEqualTo(scalar);
  }

  @Test
  void theAudienceIsTheEndpointsOrigin() {
    assertThat(VapidKeys.audienceOf(java.net.URI.create("https://Push.Example.com/wpush/v2/abc")))
        .isEqualTo("https://push.example.com");
    assertThat(VapidKeys.audienceOf(java.net.URI.create("https://push.example.com:443/x")))
        .isEqualTo("https://push.example.com");
    assertThat(VapidKeys.audienceOf(java.net.URI.create("http://127.0.0.1:8123/x")))
        .isEqualTo("http://127.0.0.1:8123");
  }
}
