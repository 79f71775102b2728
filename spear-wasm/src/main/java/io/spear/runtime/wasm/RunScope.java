package io.spear.runtime.wasm;

import io.spear.runtime.ExecutionContext;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.fd.FdTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the host-call families of one guest run share; closing it ends their resources. */
final class RunScope implements ExecutionScope, AutoCloseable {

  /** Descriptors one execution may create: far more than any agent needs, bounded all the same. */
  static final int MAX_FDS = 65_536;

  private static final Logger LOG = LoggerFactory.getLogger(RunScope.class);

  private final ExecutionContext context;
  private final RuntimeConfig config;
  private final Map<String, String> taskConfig;
  private final BoundedBuffer log;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private FdTable fds;

  RunScope(
      ExecutionContext context,
      RuntimeConfig config,
      Map<String, String> taskConfig,
      BoundedBuffer log) {
    this.context = context;
    this.config = config;
    this.taskConfig = taskConfig;
    this.log = log;
  }

  @Override
  public String executionId() {
    return context.executionId();
  }

  @Override
  public Map<String, String> taskConfig() {
    return taskConfig;
  }

  @Override
  public Clock clock() {
    return config.clock();
  }

  @Override
  public Random random() {
    return config.random();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant deadline() {
    // The execution's one deadline, as a wall-clock instant for outside calls' timeouts.
    Duration left = Duration.ofNanos(Math.max(0, context.deadline().remainingNanos(nanoTime())));
    try {
      return Instant.now().plus(left);
    } catch (ArithmeticException | DateTimeException e) {
      return Instant.MAX;
    }
  }

  @Override
  public synchronized FdTable fds() {
    if (fds == null) {
      fds = new FdTable(MAX_FDS);
    }
    return fds;
  }

  @Override
  public void log(String text) {
    log.append(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void onClose(AutoCloseable resource) {
    resources.push(resource);
  }

  @Override
  public synchronized void close() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        // One family's failing cleanup must not keep the others' resources open.
        LOG.warn("closing a host-call resource of execution {} failed", executionId(), e);
      }
    }
  }
}
