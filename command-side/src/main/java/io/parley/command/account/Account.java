package io.parley.command.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.RegisterAccountCommand;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A user account. Holds no credentials: those live in the command side's own tables. */
@Aggregate
public class Account {
  @AggregateIdentifier private UUID userId;

  protected Account() {}

  @CommandHandler
  public Account(RegisterAccountCommand command) {
    apply(
        new AccountRegisteredEvent(
            command.userId(), command.username(), command.displayName(), command.now()));
  }

  @EventSourcingHandler
  void on(AccountRegisteredEvent event) {
    this.userId = event.userId();
  }
}
