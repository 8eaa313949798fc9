package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Names other people read cannot hide or reorder characters (ADR 0092): usernames and display names
 * are taken in NFKC form, and display names refuse bidi overrides and isolates, zero-width and
 * other invisible characters, at registration and on a profile change alike.
 */
@StandaloneTest
class AccountNameSpoofingTest {
  private static final String PASSWORD = "spoofing password";

  /** Each looks like (part of) an innocent name on screen. */
  private static final String[] HOSTILE_DISPLAY_NAMES = {
    "\u202Egnp.exe", // RIGHT-TO-LEFT OVERRIDE: shows as "exe.png"
    "admin\u202A", // LEFT-TO-RIGHT EMBEDDING
    "a\u202Bb", // RIGHT-TO-LEFT EMBEDDING
    "a\u202Cb", // POP DIRECTIONAL FORMATTING
    "a\u202Db", // LEFT-TO-RIGHT OVERRIDE
    "\u2066Bob\u2069", // LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE
    "\u2067Bob", // RIGHT-TO-LEFT ISOLATE
    "\u2068Bob", // FIRST STRONG ISOLATE
    "Al\u200Bice", // ZERO WIDTH SPACE
    "Al\u200Cice", // ZERO WIDTH NON-JOINER
    "Al\u200Dice", // ZERO WIDTH JOINER between letters
    "Al\u2060ice", // WORD JOINER
    "\uFEFFAlice", // BYTE ORDER MARK
    "Al\u00ADice", // SOFT HYPHEN
    "Al\u200Eice", // LEFT-TO-RIGHT MARK
    "Al\u061Cice", // ARABIC LETTER MARK
    "\u3164", // HANGUL FILLER: a name that shows as nothing
    "\u2800\u2800", // BRAILLE PATTERN BLANK
    "Alice\uDB40\uDC41", // TAG LATIN CAPITAL LETTER A
    "Alice\u2028", // LINE SEPARATOR
    "Alice\uE000", // private use
    "Z\u0301\u0302\u0303\u0304\u0305\u0306algo", // six combining marks stacked on one letter
    "\u0301Alice", // a mark on nothing
  };

  @LocalServerPort int port;
  private AuthHttp api;

  @BeforeEach
  void client() {
    api = new AuthHttp(port).from(AuthHttp.freshAddress());
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private AuthHttp.Reply register(String username, String displayName) {
    Map<String, Object> body = new HashMap<>();
    body.put("username", username);
    body.put("email", unique("spoof") + "@example.test");
    body.put("password", PASSWORD);
    if (displayName != null) {
      body.put("displayName", displayName);
    }
    return api.post("/api/auth/register", null, body);
  }

  @Test
  void hostileDisplayNamesAreRefusedAtRegistrationAndOnAProfileChange() {
    String name = unique("victim");
    assertThat(register(name, null).status()).isEqualTo(201);
    String token = api.login(name, PASSWORD, null).body().path("accessToken").asText();

    for (String hostile : HOSTILE_DISPLAY_NAMES) {
      AuthHttp.Reply registered = register(unique("spoof"), hostile);
      assertThat(registered.status()).as("register %s", escaped(hostile)).isEqualTo(400);
      assertThat(registered.fields()).containsExactly("displayName");

      AuthHttp.Reply patched = api.patch("/api/me", token, Map.of("displayName", hostile));
      assertThat(patched.status()).as("patch %s", escaped(hostile)).isEqualTo(400);
      assertThat(patched.fields()).containsExactly("displayName");
    }
  }

  @Test
  void displayNamesAreKeptInNfkcFormAndEmojiSequencesStayWhole() {
    Map<String, String> keptAs =
        Map.of(
            "\uFF21\uFF4C\uFF49\uFF43\uFF45", "Alice", // fullwidth
            "\uFB01nn", "finn", // the fi ligature
            "Zoe\u0308", "Zo\u00EB", // a decomposed diaeresis composes
            "Ada\u3000Lovelace", "Ada Lovelace", // ideographic space
            "\uD83D\uDC69\u200D\uD83D\uDCBB Dev", "\uD83D\uDC69\u200D\uD83D\uDCBB Dev",
            "\u2764\uFE0F", "\u2764\uFE0F",
            "\uD83D\uDC68\uD83C\uDFFD\u200D\uD83E\uDDB0",
                "\uD83D\uDC68\uD83C\uDFFD\u200D\uD83E\uDDB0",
            "\u0645\u0631\u062D\u0628\u0627", "\u0645\u0631\u062D\u0628\u0627"); // Arabic
    keptAs.forEach(
        (given, kept) -> {
          AuthHttp.Reply reply = register(unique("nfkc"), given);
          assertThat(reply.status()).as("%s: %s", escaped(given), reply.raw()).isEqualTo(201);
          assertThat(reply.user().path("displayName").asText()).isEqualTo(kept);
        });

    String name = unique("patch");
    register(name, null);
    String token = api.login(name, PASSWORD, null).body().path("accessToken").asText();
    AuthHttp.Reply patched =
        api.patch("/api/me", token, Map.of("displayName", "\uFF22\uFF4F\uFF42"));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.user().path("displayName").asText()).isEqualTo("Bob");
  }

  @Test
  void usernamesAreKeptInNfkcFormSoLookAlikesCannotBeRegistered() {
    String tail = UUID.randomUUID().toString().substring(0, 8);
    // KELVIN SIGN looks like K and folds to it
    AuthHttp.Reply kelvin = register("\u212Aelvin" + tail, null);
    assertThat(kelvin.status()).as(kelvin.raw()).isEqualTo(201);
    assertThat(kelvin.user().path("username").asText()).isEqualTo("Kelvin" + tail);
    assertThat(register("kelvin" + tail, null).status()).isEqualTo(409);

    // fullwidth letters are the same name
    String fullwidth = "\uFF46\uFF55\uFF4C\uFF4C" + tail;
    AuthHttp.Reply wide = register(fullwidth, null);
    assertThat(wide.status()).as(wide.raw()).isEqualTo(201);
    assertThat(wide.user().path("username").asText()).isEqualTo("full" + tail);
    assertThat(register("FULL" + tail, null).status()).isEqualTo(409);
    assertThat(api.login(fullwidth, PASSWORD, null).status()).isEqualTo(200);

    for (String hostile :
        new String[] {"ad\u200Bmin" + tail, "\u202Eadmin" + tail, "\u0430dmin" + tail}) {
      AuthHttp.Reply reply = register(hostile, null);
      assertThat(reply.status()).as(escaped(hostile)).isEqualTo(400);
      assertThat(reply.fields()).containsExactly("username");
    }
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(cp -> out.append(String.format("U+%04X ", cp)));
    return out.toString().trim();
  }
}
