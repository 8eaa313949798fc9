package io.parley.push.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Positions in the event log as the push service stores and compares them (docs/adr/0175): the JDBC
 * store's {@link GapAwareTrackingToken} (the highest global index seen and the lower indexes not
 * seen yet) and Axon Server's {@link GlobalSequenceTrackingToken}. Written as short text of our own
 * ({@code g:<index>:<gap>,<gap>} or {@code s:<index>}) rather than a serialiser's, so a stored
 * position survives a serialiser change.
 */
public final class LogPositions {
  private LogPositions() {}

  /** The text form, or null for a token this service cannot store. */
  public static String write(TrackingToken token) {
    if (token instanceof GapAwareTrackingToken gap) {
      StringBuilder text = new StringBuilder("g:").append(gap.getIndex()).append(':');
      boolean first = true;
      for (Long g : gap.getGaps()) {
        text.append(first ? "" : ",").append(g);
        first = false;
      }
      return text.toString();
    }
    if (token instanceof GlobalSequenceTrackingToken sequence) {
      return "s:" + sequence.getGlobalIndex();
    }
    return null;
  }

  /** The token {@link #write} wrote, or null when the text is not one. */
  public static TrackingToken read(String text) {
    try {
      if (text == null) {
        return null;
      }
      if (text.startsWith("s:")) {
        return new GlobalSequenceTrackingToken(Long.parseLong(text.substring(2)));
      }
      if (text.startsWith("g:")) {
        String[] parts = text.substring(2).split(":", -1);
        List<Long> gaps = new ArrayList<>();
        if (parts.length > 1 && !parts[1].isEmpty()) {
          for (String g : parts[1].split(",")) {
            gaps.add(Long.parseLong(g));
          }
        }
        return GapAwareTrackingToken.newInstance(Long.parseLong(parts[0]), gaps);
      }
      return null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether this service can compare positions of this kind. */
  static boolean supported(TrackingToken token) {
    return token instanceof GapAwareTrackingToken || token instanceof GlobalSequenceTrackingToken;
  }

  /**
   * The global index of the event a stream yielded between {@code before} and {@code after} (the
   * positions before and after it): the new highest index, or else the gap it filled.
   */
  static long indexOf(TrackingToken before, TrackingToken after) {
    if (after instanceof GlobalSequenceTrackingToken sequence) {
      return sequence.getGlobalIndex();
    }
    GapAwareTrackingToken next = (GapAwareTrackingToken) after;
    if (!(before instanceof GapAwareTrackingToken previous)
        || next.getIndex() > previous.getIndex()) {
      return next.getIndex();
    }
    SortedSet<Long> filled = new TreeSet<>(previous.getGaps());
    filled.removeAll(next.getGaps());
    return filled.isEmpty() ? next.getIndex() : filled.last();
  }

  /** Whether the event at global index {@code index} is behind {@code position} (seen by it). */
  static boolean covers(TrackingToken position, long index) {
    if (position instanceof GlobalSequenceTrackingToken sequence) {
      return index <= sequence.getGlobalIndex();
    }
    GapAwareTrackingToken gap = (GapAwareTrackingToken) position;
    return index <= gap.getIndex() && !gap.getGaps().contains(index);
  }

  /** Whether {@code position} has seen every event {@code earlier} has. */
  public static boolean coversAll(TrackingToken position, TrackingToken earlier) {
    if (position instanceof GlobalSequenceTrackingToken sequence
        && earlier instanceof GlobalSequenceTrackingToken before) {
      return before.getGlobalIndex() <= sequence.getGlobalIndex();
    }
    if (position instanceof GapAwareTrackingToken gap
        && earlier instanceof GapAwareTrackingToken before) {
      if (before.getIndex() > gap.getIndex()) {
        return false;
      }
      for (Long missing : gap.getGaps().headSet(before.getIndex() + 1)) {
        if (!before.getGaps().contains(missing)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** The highest global index {@code position} has seen (-1 for none). */
  static long highest(TrackingToken position) {
    if (position == null) {
      return -1;
    }
    if (position instanceof GlobalSequenceTrackingToken sequence) {
      return sequence.getGlobalIndex();
    }
    return ((GapAwareTrackingToken) position).getIndex();
  }
}
