package io.parley.command.account;

import io.parley.events.account.DeleteAccountCommand;
import io.parley.events.conversation.RemoveDeletedAccountCommand;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes an account whose password was just confirmed (docs/adr/0162). First it leaves every group
 * (each group's aggregate hands an owner's group on), then it ends every session, erases the
 * credentials row and records the deletion, in one transaction. Leaving first makes a failure
 * half-way harmless: the account still exists, still logs in, and deleting again finishes the job.
 */
@Service
class AccountDeletion {
  private final JdbcTemplate jdbc;
  private final Credentials credentials;
  private final DeviceSessions sessions;
  private final CommandGateway commands;
  private final TransactionTemplate transaction;

  AccountDeletion(
      JdbcTemplate jdbc,
      Credentials credentials,
      DeviceSessions sessions,
      CommandGateway commands,
      TransactionTemplate transaction) {
    this.jdbc = jdbc;
    this.credentials = credentials;
    this.sessions = sessions;
    this.commands = commands;
    this.transaction = transaction;
  }

  void delete(UUID userId, Instant now) {
    List<UUID> conversations =
        jdbc.queryForList(
            "SELECT conversation_id FROM conversation_member WHERE user_id = ?"
                + " ORDER BY conversation_id",
            UUID.class,
            userId);
    for (UUID conversationId : conversations) {
      OnConflict.retry(
          () -> commands.sendAndWait(new RemoveDeletedAccountCommand(conversationId, userId, now)));
    }
    OnConflict.retry(
        () ->
            transaction.executeWithoutResult(
                status -> {
                  commands.sendAndWait(new DeleteAccountCommand(userId, now));
                  sessions.endAllInTable(userId, now);
                  credentials.erase(userId, now);
                }));
  }
}
