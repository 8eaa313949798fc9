package io.parley.query.consistency;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.support.metrics.Shedding;
import io.parley.support.web.ProblemAdvice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A barrier that times out is a 503 with Retry-After from any controller, not only from those that
 * once handled it themselves: the activity, invite, ban and account reads answered 500 before.
 */
class LaggingAdviceTest {
  @RestController
  static class BarrieredRead {
    @GetMapping("/read")
    String read() {
      throw new ProjectionsLagging();
    }

    @GetMapping("/broken")
    String broken() {
      throw new IllegalStateException("a bug");
    }
  }

  private final Shedding shedding =
      new Shedding(
          new StaticListableBeanFactory()
              .getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));

  // The catch-all advice is registered first: the order annotation, not registration, must decide.
  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(new BarrieredRead())
          .setControllerAdvice(
              new ProblemAdvice(new StaticListableBeanFactory().getBeanProvider(Shedding.class)),
              new LaggingAdvice(shedding))
          .build();

  @Test
  void aLaggingReadIsA503WithRetryAfter() throws Exception {
    mvc.perform(get("/read"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(jsonPath("$.type").value(org.hamcrest.Matchers.endsWith("read-models-lagging")))
        .andExpect(jsonPath("$.status").value(503));
  }

  @Test
  void anythingElseIsStillTheCatchAll() throws Exception {
    mvc.perform(get("/broken")).andExpect(status().isInternalServerError());
  }
}
