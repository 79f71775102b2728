package io.spear.runtime;

import io.spear.model.config.SpearletConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Random;

/**
 * Everything a runtime is configured with, passed to its constructor; runtimes read nothing from
 * the environment themselves.
 *
 * @param spearletConfig the node configuration: SMS address, limits, timeouts, cache size
 * @param clock the clock guests see through WASI and the spear time functions
 * @param random the randomness guests see through WASI and {@code spear.random_i64}; must be safe
 *     for use from several threads
 * @param engine how WebAssembly is executed
 * @param guestStackBytes the JVM stack of each guest thread; deeper guest recursion traps with
 *     "call stack exhausted"
 */
public record RuntimeConfig(
    SpearletConfig spearletConfig,
    Clock clock,
    Random random,
    WasmEngine engine,
    long guestStackBytes) {

  /** The guest thread stack when none is configured: deep enough for recursive C programs. */
  public static final long DEFAULT_GUEST_STACK_BYTES = 8L * 1024 * 1024;

  /** Checks every value eagerly. */
  public RuntimeConfig {
    Objects.requireNonNull(spearletConfig, "spearletConfig must not be null");
    Objects.requireNonNull(clock, "clock must not be null");
    Objects.requireNonNull(random, "random must not be null");
    Objects.requireNonNull(engine, "engine must not be null");
    if (guestStackBytes < 64 * 1024) {
      throw new IllegalArgumentException(
          "guestStackBytes must be at least 65536 but was " + guestStackBytes);
    }
  }

  /** The system clock, a secure random source, the compiler and an 8 MiB guest stack. */
  public static RuntimeConfig of(SpearletConfig spearletConfig) {
    return new RuntimeConfig(
        spearletConfig,
        Clock.systemUTC(),
        new SecureRandom(),
        WasmEngine.COMPILER,
        DEFAULT_GUEST_STACK_BYTES);
  }

  /** A copy with another node configuration. */
  public RuntimeConfig withSpearletConfig(SpearletConfig value) {
    return new RuntimeConfig(value, clock, random, engine, guestStackBytes);
  }

  /** A copy whose guests see another clock. */
  public RuntimeConfig withClock(Clock value) {
    return new RuntimeConfig(spearletConfig, value, random, engine, guestStackBytes);
  }

  /** A copy whose guests see another random source. */
  public RuntimeConfig withRandom(Random value) {
    return new RuntimeConfig(spearletConfig, clock, value, engine, guestStackBytes);
  }

  /** A copy with another execution engine. */
  public RuntimeConfig withEngine(WasmEngine value) {
    return new RuntimeConfig(spearletConfig, clock, random, value, guestStackBytes);
  }

  /** A copy with another guest thread stack size. */
  public RuntimeConfig withGuestStackBytes(long value) {
    return new RuntimeConfig(spearletConfig, clock, random, engine, value);
  }
}
