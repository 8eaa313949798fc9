package io.parley.support.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

class MessageViewSerializerTest {
  private static final long YEAR_0000 = -62_167_219_200L;
  private static final long YEAR_10000 = 253_402_300_800L;

  private static ObjectMapper beans() {
    return Jackson2ObjectMapperBuilder.json()
        .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }

  private static ObjectMapper written() {
    ObjectMapper mapper = beans();
    mapper.registerModule(
        new SimpleModule().addSerializer(MessageView.class, new MessageViewSerializer()));
    return mapper;
  }

  @Test
  void writesTheSameBytesAsTheBeanSerializer() throws Exception {
    ObjectMapper beans = beans();
    ObjectMapper written = written();
    assertThat(written.getSerializerProviderInstance().findValueSerializer(MessageView.class))
        .isInstanceOf(MessageViewSerializer.class);
    Random random = new Random(216);
    for (int i = 0; i < 2_000; i++) {
      MessageView view = view(random);
      assertThat(written.writeValueAsString(view))
          .as("view %d", i)
          .isEqualTo(beans.writeValueAsString(view));
      // Inside a page, a list and a map, as the API's answers hold them.
      Object page = Map.of("items", List.of(view, view(random)), "nextCursor", "7");
      assertThat(written.writeValueAsString(page)).isEqualTo(beans.writeValueAsString(page));
    }
  }

  @Test
  void writesTheSameBytesAsTheBeanSerializerWhenPrettyPrinted() throws Exception {
    MessageView view = view(new Random(1));
    assertThat(written().writerWithDefaultPrettyPrinter().writeValueAsString(view))
        .isEqualTo(beans().writerWithDefaultPrettyPrinter().writeValueAsString(view));
  }

  @Test
  void writesInstantsAsTheJdkDoes() {
    char[] chars = new char[IsoText.INSTANT_MAX];
    Random random = new Random(0216);
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.ofEpochSecond(YEAR_0000),
                Instant.ofEpochSecond(YEAR_10000 - 1, 999_999_999),
                Instant.parse("2000-02-29T23:59:59.5Z"),
                Instant.parse("1900-03-01T00:00:00.000001Z"),
                Instant.parse("2026-12-06T07:11:15.000000001Z")));
    for (int i = 0; i < 200_000; i++) {
      long second = YEAR_0000 + Math.floorMod(random.nextLong(), YEAR_10000 - YEAR_0000);
      instants.add(Instant.ofEpochSecond(second, nano(random)));
    }
    for (Instant instant : instants) {
      int length = IsoText.instant(instant, chars);
      assertThat(new String(chars, 0, length)).isEqualTo(instant.toString());
    }
    assertThat(IsoText.instant(Instant.ofEpochSecond(YEAR_10000), chars)).isEqualTo(-1);
    assertThat(IsoText.instant(Instant.ofEpochSecond(YEAR_0000 - 1), chars)).isEqualTo(-1);
  }

  @Test
  void instantsOutsideFourDigitYearsStillReadAsTheJdkWritesThem() throws Exception {
    MessageView view =
        new MessageView(
            1,
            UUID.randomUUID(),
            1,
            UUID.randomUUID(),
            "x",
            null,
            Instant.MAX,
            Instant.MIN,
            false,
            Map.of(),
            List.of());
    assertThat(written().writeValueAsString(view)).isEqualTo(beans().writeValueAsString(view));
  }

  @Test
  void writesUuidsAsTheJdkDoes() {
    char[] chars = new char[IsoText.INSTANT_MAX];
    Random random = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      assertThat(new String(chars, 0, IsoText.uuid(id, chars))).isEqualTo(id.toString());
    }
  }

  private static int nano(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> random.nextInt(1000) * 1_000_000;
      case 2 -> random.nextInt(1_000_000) * 1000;
      default -> random.nextInt(1_000_000_000);
    };
  }

  private static MessageView view(Random random) {
    boolean encrypted = random.nextInt(5) == 0;
    Map<String, Integer> reactions = new LinkedHashMap<>();
    for (int r = random.nextInt(4); r > 0; r--) {
      reactions.put(List.of("👍", "\"quoted\"", "é", ":tada:").get(random.nextInt(4)), r);
    }
    List<Attachment> attachments = new ArrayList<>();
    for (int a = random.nextInt(3) == 0 ? random.nextInt(3) : 0; a > 0; a--) {
      boolean image = random.nextBoolean();
      attachments.add(
          new Attachment(
              UUID.randomUUID(),
              "file \"" + a + "\".png",
              image ? "image/png" : "application/pdf",
              random.nextInt(1 << 20),
              "ab".repeat(32),
              image ? 640 : null,
              image ? 480 : null,
              image));
    }
    List<UUID> mentions = new ArrayList<>();
    for (int n = random.nextInt(3); n > 0; n--) {
      mentions.add(UUID.randomUUID());
    }
    return new MessageView(
        random.nextLong(),
        UUID.randomUUID(),
        1 + random.nextInt(1_000_000),
        random.nextInt(20) == 0 ? null : UUID.randomUUID(),
        encrypted ? null : "body \u2028 <b>\"" + random.nextInt() + "\"</b>\n\ttab \\ é",
        random.nextBoolean() ? null : random.nextLong(),
        Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), nano(random)),
        random.nextBoolean() ? null : Instant.ofEpochSecond(1_800_000_000L, nano(random)),
        random.nextInt(8) == 0,
        random.nextInt(10) == 0 ? null : reactions,
        attachments,
        mentions,
        random.nextBoolean(),
        encrypted ? "-----BEGIN PGP MESSAGE-----\n" + random.nextInt() : null);
  }
}
