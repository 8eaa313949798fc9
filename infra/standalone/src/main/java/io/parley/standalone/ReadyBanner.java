package io.parley.standalone;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Prints the one line a person needs: where to open Parley. */
@Component
class ReadyBanner implements ApplicationListener<ApplicationReadyEvent> {
  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
      int port = web.getWebServer().getPort();
      System.out.println();
      System.out.println("  Parley is running. Open http://localhost:" + port + "/");
      System.out.println();
    }
  }
}
