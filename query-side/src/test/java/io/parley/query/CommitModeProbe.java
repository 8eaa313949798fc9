package io.parley.query;

import io.parley.events.message.MessageSentEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the commit mode inside the inbox processor's transaction when it handles a message whose
 * body is {@link #MARKER}: what its batch will commit with (docs/adr/0214).
 */
@TestComponent
@ProcessingGroup("inbox")
public class CommitModeProbe {
  public static final String MARKER = "probe: the commit mode of this batch";

  private final JdbcTemplate jdbc;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  CommitModeProbe(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(MessageSentEvent event) {
    if (MARKER.equals(event.body())) {
      seen.add(jdbc.queryForObject("SHOW synchronous_commit", String.class));
    }
  }

  public List<String> seen() {
    return List.copyOf(seen);
  }
}
