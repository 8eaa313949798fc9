package io.parley.query.search;

import java.util.List;

/**
 * The words of a search as Postgres's own parser finds them in the query text ('simple'
 * configuration, so the same words as in a body), in the order typed. The tsquery is built from
 * them as quoted operands joined by AND, the last one a prefix: no character of the user's text is
 * ever read as tsquery syntax.
 */
record SearchQuery(List<String> words) {
  static final int MAX_WORDS = 32;

  SearchQuery {
    words = List.copyOf(words);
  }

  /** The text for {@code to_tsquery('simple', ?)}. */
  String tsquery() {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      if (i > 0) {
        query.append(" & ");
      }
      query.append('\'').append(words.get(i).replace("\\", "\\\\").replace("'", "''")).append('\'');
      if (i == words.size() - 1) {
        query.append(":*");
      }
    }
    return query.toString();
  }
}
