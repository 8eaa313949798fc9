package io.parley.support.admin;

/**
 * Implemented by a service whose read models are rebuilt beside the live ones (docs/adr/0100): a
 * processor counts as replaying until its rebuilt tables have replaced the live ones, so an
 * operator's progress and final verify wait for the swap.
 */
public interface ReadModelRebuildStatus {
  boolean rebuilding(String processor);
}
