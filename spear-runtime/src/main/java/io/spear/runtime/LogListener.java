package io.spear.runtime;

/**
 * Hears an execution's log lines ({@code spear.log} and stderr) as the guest writes them, so a node
 * can show a running execution's log. Called on the guest's thread: it must return quickly and
 * never block (queue the line and send it elsewhere).
 */
@FunctionalInterface
public interface LogListener {

  /** Ignores every line. */
  LogListener NONE = line -> {};

  /** One line as written, without its line end. */
  void line(String line);
}
