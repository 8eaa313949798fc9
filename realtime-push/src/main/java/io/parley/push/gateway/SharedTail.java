package io.parley.push.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The part of an event frame after its id ({@code "type":..,"data":..}}), serialised once for
 * every session a push goes to. Replay buffers and send queues keep the event id and a reference
 * to this tail, and build a session's frame, {@code {"op":"event","eventId":N,} + tail, only when
 * it is written to the socket or replayed. The {@link BufferBudget} counts the tail's characters
 * once while any buffer or queue holds it: the first holder charges them, the last to let go gives
 * them back (docs/adr/0196); each holder is charged only its own prefix.
 */
final class SharedTail {
  static final String PREFIX = "{\"op\":\"event\",\"eventId\":";

  private final String text;
  private volatile byte[] utf8;
  private int holders;
  private BufferBudget chargedTo;

  SharedTail(String text) {
    this.text = text;
  }

  /** The tail of a whole frame {@code frame} numbered {@code eventId} (a handed-over frame). */
  static SharedTail ofFrame(long eventId, String frame) {
    String prefix = PREFIX + eventId + ",";
    if (!frame.startsWith(prefix)) {
      throw new IllegalArgumentException("Not the frame of event " + eventId);
    }
    return new SharedTail(frame.substring(prefix.length()));
  }

  /** The characters of a frame's per-session part: {@code {"op":"event","eventId":N,}. */
  static int prefixLength(long eventId) {
    return PREFIX.length() + digits(eventId) + 1;
  }

  private static int digits(long value) {
    if (value < 0) {
      return Long.toString(value).length();
    }
    int digits = 1;
    for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
      digits++;
    }
    return digits;
  }

  String text() {
    return text;
  }

  int length() {
    return text.length();
  }

  /** The frame a session sends for this tail as its event {@code eventId}. */
  String frame(long eventId) {
    return PREFIX + eventId + "," + text;
  }

  /**
   * {@link #frame(long) frame(eventId)} as UTF-8: the tail is encoded once, on first use, and every
   * session's frame is its ASCII prefix and a copy of those bytes (docs/adr/0200).
   */
  ByteBuffer frameBytes(long eventId) {
    byte[] tail = utf8;
    if (tail == null) {
      tail = text.getBytes(StandardCharsets.UTF_8);
      utf8 = tail; // a race only encodes twice
    }
    byte[] prefix = (PREFIX + eventId + ",").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = Arrays.copyOf(prefix, prefix.length + tail.length);
    System.arraycopy(tail, 0, frame, prefix.length, tail.length);
    return ByteBuffer.wrap(frame);
  }

  /** The characters of {@link #frame(long) frame(eventId)}, without building it. */
  int frameLength(long eventId) {
    return prefixLength(eventId) + text.length();
  }

  /**
   * One more buffer or queue holds this tail; the first one charges its characters to {@code
   * budget}. False (nothing held, nothing charged) when the budget cannot take them.
   */
  synchronized boolean retain(BufferBudget budget) {
    if (holders == 0) {
      if (!budget.reserve(text.length())) {
        return false;
      }
      chargedTo = budget;
    }
    holders++;
    return true;
  }

  /** A holder lets go; the last one gives the characters back to the budget. */
  synchronized void release() {
    if (holders <= 0) {
      throw new IllegalStateException("Released more often than retained");
    }
    if (--holders == 0) {
      chargedTo.release(text.length());
      chargedTo = null;
    }
  }

  synchronized int holders() {
    return holders;
  }
}
