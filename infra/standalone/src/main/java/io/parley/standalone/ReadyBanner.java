package io.parley.standalone;

import io.parley.support.admin.ManagementPort;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Prints the one line a person needs: where to open Parley. */
@Component
class ReadyBanner implements ApplicationListener<ApplicationReadyEvent> {
  private final ManagementPort managementPort;

  ReadyBanner(ManagementPort managementPort) {
    this.managementPort = managementPort;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
      int port = web.getWebServer().getPort();
      System.out.println();
      System.out.println("  Parley is running. Open http://localhost:" + port + "/");
      if (managementPort.port() > 0) {
        System.out.println(
            "  Operator API (this machine only): http://"
                + managementPort.address()
                + ":"
                + managementPort.port()
                + "/");
      }
      System.out.println();
    }
  }
}
