package io.parley.support.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Jackson modules for the two sides of docs/adr/0080: request bodies refuse ill-formed text, the
 * rest (events read from the log, above all) repairs it.
 */
public final class TextModules {
  private TextModules() {}

  /**
   * Request bodies: a string field with ill-formed text fails as {@link IllFormedTextException}.
   */
  public static SimpleModule strict() {
    SimpleModule module = new SimpleModule("parley-strict-text");
    module.addDeserializer(String.class, new Strings(false));
    return module;
  }

  /** Everything else: ill-formed text is repaired to U+FFFD while it is read. */
  public static SimpleModule repairing() {
    SimpleModule module = new SimpleModule("parley-repairing-text");
    module.addDeserializer(String.class, new Strings(true));
    return module;
  }

  /** A string field of a request body holds a lone surrogate or U+0000. */
  public static final class IllFormedTextException extends JsonMappingException {
    private static final long serialVersionUID = 1L;

    IllFormedTextException(JsonParser parser) {
      super(parser, "ill-formed text");
    }
  }

  private static final class Strings extends StdScalarDeserializer<String> {
    private static final long serialVersionUID = 1L;
    private final boolean repair;

    Strings(boolean repair) {
      super(String.class);
      this.repair = repair;
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = StringDeserializer.instance.deserialize(parser, context);
      if (value == null || WellFormedText.isWellFormed(value)) {
        return value;
      }
      if (repair) {
        return WellFormedText.repaired(value);
      }
      throw new IllFormedTextException(parser);
    }

    @Override
    public boolean isCachable() {
      return true;
    }
  }
}
