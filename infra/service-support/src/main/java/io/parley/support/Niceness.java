package io.parley.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import jnr.ffi.LibraryLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lower CPU scheduling priority for background threads (docs/adr/0224). On Linux a thread may raise
 * its own nice value without any privilege; the kernel then gives it a smaller share of a busy CPU.
 * The read models' processors wake on every append at the same moment as live delivery, and on two
 * cores they queued ahead of it: a message reached the other device 1–2 ms later than it needed to.
 * Elsewhere, or where the C library cannot be reached, threads keep the priority they were born
 * with.
 */
public final class Niceness {
  private static final Logger log = LoggerFactory.getLogger(Niceness.class);
  private static final int PRIO_PROCESS = 0;
  private static final int LOWEST = 19;
  private static final Path OWN_TASK = Path.of("/proc/thread-self");

  /**
   * The two calls of the C library this needs; with {@code who} 0 Linux applies them to the calling
   * thread.
   */
  public interface CLibrary {
    int getpriority(int which, int who);

    int setpriority(int which, int who, int prio);
  }

  private static final CLibrary LIBC = load();

  private Niceness() {}

  private static CLibrary load() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return null;
    }
    try {
      return LibraryLoader.create(CLibrary.class).failImmediately().load("c");
    } catch (RuntimeException | LinkageError e) {
      log.info(
          "Background threads keep normal priority: the C library is out of reach ({})",
          e.toString());
      return null;
    }
  }

  /**
   * Threads from {@code threads} that run {@code increment} nice steps below the process's main
   * thread (at most to 19), whichever thread starts them: a thread inherits its starter's nice
   * value, and a pool started from a lowered thread must not sink further. {@code increment} 0
   * leaves them as they are.
   */
  public static ThreadFactory lowered(int increment, ThreadFactory threads) {
    if (increment <= 0) {
      return threads;
    }
    return runnable ->
        threads.newThread(
            () -> {
              lowerCurrentThread(increment);
              runnable.run();
            });
  }

  /**
   * Threads from {@code threads} at the main thread's priority, also when a lowered thread starts
   * them: for threads that serve live work but are started lazily by whichever reader comes first,
   * such as the event store's producer.
   */
  public static ThreadFactory normal(ThreadFactory threads) {
    return runnable ->
        threads.newThread(
            () -> {
              setRelativeToMain(0);
              runnable.run();
            });
  }

  private static void lowerCurrentThread(int increment) {
    setRelativeToMain(increment);
  }

  private static boolean setRelativeToMain(int steps) {
    if (LIBC == null) {
      return false;
    }
    // Asked with the process id, Linux answers the main thread's nice value (-1 is a valid one:
    // the call cannot fail for the own process).
    int base = LIBC.getpriority(PRIO_PROCESS, (int) ProcessHandle.current().pid());
    return LIBC.setpriority(PRIO_PROCESS, 0, Math.min(LOWEST, base + steps)) == 0;
  }

  /** The calling thread's nice value as the kernel reports it, or empty off Linux. */
  public static OptionalInt currentThreadNice() {
    return niceOf(OWN_TASK);
  }

  /**
   * The nice value of the thread whose {@code /proc} directory is {@code task} (for example {@code
   * /proc/self/task/<tid>}), or empty where it cannot be read: field 19 of its {@code stat},
   * counted after the command name, which may itself hold spaces.
   */
  public static OptionalInt niceOf(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalInt.of(Integer.parseInt(fields[16]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
