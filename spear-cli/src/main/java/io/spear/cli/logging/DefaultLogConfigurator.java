package io.spear.cli.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration of the process (found through {@code META-INF/services}): the
 * environment's format and level, without reading any XML.
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {

  /** Called by Logback through the service loader. */
  public DefaultLogConfigurator() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    try {
      OperatorLogging.configureFromEnvironment(context);
    } catch (IllegalArgumentException e) {
      // A bad SPEAR_LOG_* must not stop the process before it can say so: fall back to defaults.
      System.err.println("warning: " + e.getMessage() + "; logging as text at INFO");
      OperatorLogging.configureDefaults(context);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
