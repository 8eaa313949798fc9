package io.parley.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.axon.DomainErrorsOverTheBus;
import io.parley.support.axon.LocalFailuresCommandGateway;
import io.parley.support.metrics.Shedding;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.axonserver.connector.command.GrpcBackedCommandMessage;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A refusal in a command handler behind Axon Server, through the connector's own wire path: the
 * command is serialised to its gRPC form and read back by the connector's {@link
 * CommandSerializer}, handled on a local segment with the interceptor (as the connector's command
 * processing task does), and its result serialised to a {@code CommandResponse} (the connector's
 * {@code ErrorCode} and {@code ExceptionSerializer}, with the details) and read back on the
 * dispatching side. The web layer's answer, and the exception a caller catches, are those of a
 * handler in the same JVM. No server needed.
 */
class DomainErrorsAcrossAxonServerTest {
  record Refuse(String why) {}

  private static final CommandSerializer WIRE =
      new CommandSerializer(JacksonSerializer.defaultSerializer(), new AxonServerConfiguration());
  private final ProblemAdvice advice =
      new ProblemAdvice(new StaticListableBeanFactory().getBeanProvider(Shedding.class));

  /** The handling process's local segment, with the interceptor, and a handler throwing. */
  private static SimpleCommandBus handlerThrowing(RuntimeException e) {
    SimpleCommandBus bus = SimpleCommandBus.builder().build();
    bus.registerHandlerInterceptor(new DomainErrorsOverTheBus());
    bus.subscribe(
        Refuse.class.getName(),
        command -> {
          throw e;
        });
    return bus;
  }

  /** The dispatching process's view of a handling process behind Axon Server. */
  record ThroughAxonServer(SimpleCommandBus handling) implements CommandBus {
    @Override
    public <C> void dispatch(CommandMessage<C> command) {
      dispatch(command, (c, r) -> {});
    }

    @Override
    public <C, R> void dispatch(
        CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
      Command sent = WIRE.serialize(command, "route", 0);
      CommandMessage<?> received = WIRE.deserialize(sent);
      assertThat(received).isInstanceOf(GrpcBackedCommandMessage.class);
      AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
      handling.dispatch(received, (c, r) -> result.set(r));
      CommandResponse response = WIRE.serialize(result.get(), sent.getMessageIdentifier());
      callback.onResult(command, WIRE.<R>deserialize(response));
    }

    @Override
    public Registration subscribe(String name, MessageHandler<? super CommandMessage<?>> handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Registration registerHandlerInterceptor(
        MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Registration registerDispatchInterceptor(
        MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
      throw new UnsupportedOperationException();
    }
  }

  private static Throwable failureOf(CommandBus bus) {
    AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
    bus.dispatch(GenericCommandMessage.asCommandMessage(new Refuse("x")), (c, r) -> result.set(r));
    assertThat(result.get().isExceptional()).isTrue();
    return result.get().exceptionResult();
  }

  private static Throwable remotely(RuntimeException thrown) {
    return failureOf(new ThroughAxonServer(handlerThrowing(thrown)));
  }

  private static Throwable locally(RuntimeException thrown) {
    return failureOf(handlerThrowing(thrown));
  }

  private static CommandGateway gateway(CommandBus bus) {
    return new LocalFailuresCommandGateway(DefaultCommandGateway.builder().commandBus(bus).build());
  }

  /** The web layer's answer to what a controller's {@code sendAndWait} let through. */
  private ResponseEntity<ProblemDetail> answer(Throwable e) {
    if (e instanceof DomainException domain) {
      return advice.domain(domain);
    }
    if (e instanceof CommandExecutionException remote) {
      return advice.remoteCommand(remote);
    }
    if (e instanceof AggregateNotFoundException missing) {
      return advice.aggregateNotFound(missing);
    }
    if (e instanceof ConcurrencyException conflict) {
      return advice.conflict(conflict);
    }
    return advice.unexpected((Exception) e);
  }

  private static void assertSameProblem(
      ResponseEntity<ProblemDetail> remote, ResponseEntity<ProblemDetail> local) {
    assertThat(remote.getStatusCode()).isEqualTo(local.getStatusCode());
    assertThat(remote.getHeaders()).isEqualTo(local.getHeaders());
    assertThat(remote.getBody()).isEqualTo(local.getBody());
  }

  @Test
  void aDomainRefusalKeepsItsStatusCodeAndDetailAcrossAxonServer() {
    Throwable remote =
        remotely(new DomainException(ErrorCode.NOT_A_MEMBER, "You are not a member."));

    assertThat(remote).isInstanceOf(CommandExecutionException.class);
    ResponseEntity<ProblemDetail> problem = answer(remote);
    assertThat(problem.getStatusCode().value()).isEqualTo(403);
    assertThat(problem.getBody().getType().toString()).endsWith(":not-a-member");
    assertThat(problem.getBody().getDetail()).isEqualTo("You are not a member.");
  }

  @Test
  void everyErrorCodeAnswersTheSameWhereverItsHandlerRan() {
    for (ErrorCode code : ErrorCode.values()) {
      DomainException refusal = new DomainException(code, "Refused: " + code);

      assertThat(locally(refusal)).as("in one JVM the exception is untouched").isSameAs(refusal);
      assertSameProblem(answer(remotely(refusal)), answer(locally(refusal)));
      assertThat(answer(remotely(refusal)).getStatusCode().value()).isEqualTo(code.status());
    }
  }

  @Test
  void aCallerCatchesTheSameDomainExceptionThroughTheGatewayEitherWay() {
    DomainException refusal = new DomainException(ErrorCode.INVITE_GONE, "The invite is gone.");

    Throwable remote =
        catchThrowable(
            () ->
                gateway(new ThroughAxonServer(handlerThrowing(refusal)))
                    .sendAndWait(new Refuse("x")));
    Throwable local =
        catchThrowable(() -> gateway(handlerThrowing(refusal)).sendAndWait(new Refuse("x")));

    assertThat(local).isSameAs(refusal);
    assertThat(remote).isInstanceOf(DomainException.class);
    assertThat(((DomainException) remote).code()).isEqualTo(ErrorCode.INVITE_GONE);
    assertThat(remote).hasMessage("The invite is gone.");
    Throwable async =
        catchThrowable(
            () ->
                gateway(new ThroughAxonServer(handlerThrowing(refusal)))
                    .send(new Refuse("x"))
                    .join());
    assertThat(async).isInstanceOf(CompletionException.class);
    assertThat(async.getCause()).isInstanceOf(DomainException.class);
  }

  @Test
  void anUnknownAggregateIsNotFoundOnBothPaths() {
    AggregateNotFoundException missing = new AggregateNotFoundException("42", "no aggregate 42");

    assertSameProblem(answer(remotely(missing)), answer(locally(missing)));
    assertThat(answer(remotely(missing)).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void anUnexpectedFailureStaysABare500WithoutItsMessage() {
    Throwable remote = remotely(new IllegalStateException("secret internals"));
    ResponseEntity<ProblemDetail> problem = answer(remote);

    assertThat(problem.getStatusCode().value()).isEqualTo(500);
    assertThat(problem.getBody().getDetail()).doesNotContain("secret");
    assertThat(
            catchThrowable(
                () ->
                    gateway(
                            new ThroughAxonServer(
                                handlerThrowing(new IllegalStateException("secret"))))
                        .sendAndWait(new Refuse("x"))))
        .isInstanceOf(CommandExecutionException.class);
  }
}
