package io.parley.bench.raw;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /raw/send {to?: [names], frame}}: the relay's whole REST surface. */
@RestController
final class RawRelayController {
  private final RawRelayHandler handler;

  RawRelayController(RawRelayHandler handler) {
    this.handler = handler;
  }

  record Send(List<String> to, String frame) {}

  @PostMapping("/raw/send")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Integer> send(@RequestBody Send send) {
    return Map.of("sent", handler.send(send.to(), send.frame()));
  }

  @GetMapping("/raw/health")
  Map<String, Integer> health() {
    return Map.of("connected", handler.connected());
  }
}
