package io.spear.support.concurrent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server process does with an error it cannot recover from (OutOfMemoryError, a
 * StackOverflowError outside guest code, an internal error of the JVM): log it and end the process,
 * so that its supervisor starts a fresh one. Threads that died of such an error would otherwise
 * leave a process that answers some requests and silently drops other work.
 */
public final class Fatal {

  /** The exit status of a process ended by a fatal error. */
  public static final int EXIT_STATUS = 70;

  private Fatal() {}

  /**
   * Makes every thread's uncaught {@link VirtualMachineError} end the process, and logs other
   * uncaught throwables (which end only their thread) as errors.
   */
  public static void installUncaughtHandler() {
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> {
          if (failure instanceof VirtualMachineError) {
            exit(failure);
          } else {
            log().error("thread {} ended with an uncaught exception", thread.getName(), failure);
          }
        });
  }

  // Looked up when needed: installing the handler must not start the logging backend before a
  // command has configured it (a standalone run keeps its stderr for the guest).
  private static Logger log() {
    return LoggerFactory.getLogger(Fatal.class);
  }

  /** Logs {@code failure} and halts the process with {@link #EXIT_STATUS}. */
  public static void exit(Throwable failure) {
    try {
      log().error("fatal error; the process exits so that it can be restarted", failure);
      System.err.println("spear: fatal error, exiting: " + failure);
    } finally {
      // halt, not exit: shutdown hooks may need the memory or threads that just failed.
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
