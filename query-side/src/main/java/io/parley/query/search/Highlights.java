package io.parley.query.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a body matches the searched words, as ranges of UTF-16 code units (JavaScript string
 * indexes), never as markup: a client renders the text itself and marks the ranges. A word matches
 * where it starts a word of the body (case-insensitively) and, unless it is the searched prefix,
 * also ends one. Ranges are ascending and do not overlap.
 */
final class Highlights {
  record Range(int start, int end) {}

  private Highlights() {}

  static List<Range> of(String body, List<String> words, boolean lastIsPrefix) {
    List<Range> ranges = new ArrayList<>();
    int i = 0;
    while (i < body.length()) {
      int best = 0;
      if (boundaryBefore(body, i)) {
        for (int w = 0; w < words.size(); w++) {
          String word = words.get(w);
          int end = i + word.length();
          if (word.isEmpty()
              || end > body.length()
              || !body.regionMatches(true, i, word, 0, word.length())) {
            continue;
          }
          boolean prefix = lastIsPrefix && w == words.size() - 1;
          if (prefix) {
            end = wordEnd(body, end);
          } else if (!boundaryAfter(body, end)) {
            continue;
          }
          best = Math.max(best, end - i);
        }
      }
      if (best > 0) {
        ranges.add(new Range(i, i + best));
        i += best;
      } else {
        i++;
      }
    }
    return ranges;
  }

  private static boolean wordChar(String text, int index) {
    int cp = text.codePointAt(index);
    return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
  }

  private static boolean boundaryBefore(String body, int i) {
    if (Character.isLowSurrogate(body.charAt(i)) && i > 0) {
      return false;
    }
    return i == 0 || !wordChar(body, Character.offsetByCodePoints(body, i, -1));
  }

  private static boolean boundaryAfter(String body, int end) {
    return end >= body.length() || !wordChar(body, end);
  }

  private static int wordEnd(String body, int from) {
    int end = from;
    while (end < body.length() && wordChar(body, end)) {
      end = body.offsetByCodePoints(end, 1);
    }
    return end;
  }
}
