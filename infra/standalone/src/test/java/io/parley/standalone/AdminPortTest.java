package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.support.admin.ManagementPort;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;

/** The operator API lives on the management port only, for admins named by user id (ADR 0087). */
@StandaloneTest
class AdminPortTest {
  @LocalServerPort int port;
  @Autowired ManagementPort managementPort;
  @Autowired ConfigurableEnvironment environment;
  ApiClient api;
  Operator operator;

  @BeforeEach
  void operator() {
    api = new ApiClient(port);
    operator = Operator.signIn(managementPort, environment);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/admin/processors",
        "/%61pi/admin/processors",
        "/api/%61dmin/processors",
        "/api;x=y/admin/processors",
        "/api/admin;x=y/processors",
        "/api/./admin/processors",
        "//api/admin/processors",
        "/API/ADMIN/processors"
      })
  void thePublicPortDoesNotServeTheOperatorApiEvenToAnAdmin(String path) {
    ApiClient.Response response = api.get(path, operator.token());
    assertThat(response.status()).as(path).isIn(401, 404);
    assertThat(response.body() == null ? "" : response.body().toString())
        .doesNotContain("message-timeline");
  }

  @Test
  void theSameAdminReachesItThroughTheManagementPort() {
    assertThat(operator.api().get("/api/admin/processors", operator.token()).status())
        .isEqualTo(200);
    assertThat(api.get("/api/admin/processors", operator.token()).status()).isEqualTo(404);
  }

  @Test
  void aUserNamedLikeAnAdminIsNoAdmin() {
    String name = "admin" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, name);
    String token = TestUsers.login(api, name);
    assertThat(operator.api().get("/api/admin/processors", token).status()).isEqualTo(403);
    assertThat(operator.api().get("/api/admin/processors", null).status()).isEqualTo(401);
  }

  @Test
  void theManagementPortServesTheRestOfTheAppToo() {
    ApiClient.Response me = operator.api().get("/api/me", operator.token());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body().path("user").path("userId").asText())
        .isEqualTo(operator.userId().toString());
    assertThat(
            operator
                .api()
                .post(
                    "/api/groups", operator.token(), Map.of("name", "ops", "visibility", "private"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void theManagementPortListensOnLoopbackOnly() throws IOException {
    Optional<InetAddress> lan = nonLoopbackAddress();
    if (lan.isEmpty()) {
      return; // no other address on this machine: nothing to reach it through
    }
    try (Socket publicPort = new Socket()) {
      publicPort.connect(new InetSocketAddress(lan.get(), port), 2000);
    }
    assertThatThrownBy(
            () -> {
              try (Socket management = new Socket()) {
                management.connect(new InetSocketAddress(lan.get(), managementPort.port()), 2000);
              }
            })
        .isInstanceOf(IOException.class);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    return NetworkInterface.networkInterfaces()
        .filter(
            nic -> {
              try {
                return nic.isUp() && !nic.isLoopback();
              } catch (IOException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
  }
}
