package io.parley.standalone;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the browser client's index page for its own routes (for example {@code /c/<id>}), so deep
 * links and reloads work. Only paths whose segments contain no dot are forwarded: files such as
 * {@code /assets/index.js} stay with the static resource handler and a missing one stays a 404, and
 * {@code /api}, {@code /ws} and {@code /actuator} are never taken over.
 */
@Controller
class SpaForwardController {
  private static final String FIRST = "{first:(?!api$|ws$|actuator$)[^.]+}";

  @GetMapping({
    "/" + FIRST,
    "/" + FIRST + "/{second:[^.]+}",
    "/" + FIRST + "/{second:[^.]+}/{third:[^.]+}"
  })
  String index() {
    return "forward:/index.html";
  }
}
