package io.spear.runtime;

import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.host.HostFamily;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * @param compiledCodeCache a folder where compiled modules are kept across restarts (by module
 *     digest and engine version), so that a restarted node need not compile them again; empty keeps
 *     them in memory only
 * @param families the host-call families guests may import (beyond WASI), in guest ABI order; a
 *     module importing a call none of them provides is refused at creation
 * @param security the node's token for SMS and its sandbox rules
 */
public record RuntimeConfig(
    SpearletConfig spearletConfig,
    Clock clock,
    Random random,
    WasmEngine engine,
    long guestStackBytes,
    Optional<Path> compiledCodeCache,
    List<HostFamily<?>> families,
    NodeSecurity security) {

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
    Objects.requireNonNull(compiledCodeCache, "compiledCodeCache must not be null");
    families = List.copyOf(families);
    Objects.requireNonNull(security, "security must not be null");
  }

  /** A configuration with no token and the default sandbox. */
  public RuntimeConfig(
      SpearletConfig spearletConfig,
      Clock clock,
      Random random,
      WasmEngine engine,
      long guestStackBytes,
      Optional<Path> compiledCodeCache,
      List<HostFamily<?>> families) {
    this(
        spearletConfig,
        clock,
        random,
        engine,
        guestStackBytes,
        compiledCodeCache,
        families,
        NodeSecurity.NONE);
  }

  /** A configuration without host-call families: guests may import WASI only. */
  public RuntimeConfig(
      SpearletConfig spearletConfig,
      Clock clock,
      Random random,
      WasmEngine engine,
      long guestStackBytes,
      Optional<Path> compiledCodeCache) {
    this(spearletConfig, clock, random, engine, guestStackBytes, compiledCodeCache, List.of());
  }

  /** A configuration without a compiled-code cache on disk. */
  public RuntimeConfig(
      SpearletConfig spearletConfig,
      Clock clock,
      Random random,
      WasmEngine engine,
      long guestStackBytes) {
    this(spearletConfig, clock, random, engine, guestStackBytes, Optional.empty());
  }

  /**
   * The system clock, a secure random source, the compiler, an 8 MiB guest stack and no
   * compiled-code cache on disk.
   */
  public static RuntimeConfig of(SpearletConfig spearletConfig) {
    return new RuntimeConfig(
        spearletConfig,
        Clock.systemUTC(),
        new SecureRandom(),
        WasmEngine.COMPILER,
        DEFAULT_GUEST_STACK_BYTES);
  }

  /** A copy whose guests see another clock. */
  public RuntimeConfig withClock(Clock value) {
    return new RuntimeConfig(
        spearletConfig,
        value,
        random,
        engine,
        guestStackBytes,
        compiledCodeCache,
        families,
        security);
  }

  /** A copy whose guests see another random source. */
  public RuntimeConfig withRandom(Random value) {
    return new RuntimeConfig(
        spearletConfig,
        clock,
        value,
        engine,
        guestStackBytes,
        compiledCodeCache,
        families,
        security);
  }

  /** A copy with another execution engine. */
  public RuntimeConfig withEngine(WasmEngine value) {
    return new RuntimeConfig(
        spearletConfig,
        clock,
        random,
        value,
        guestStackBytes,
        compiledCodeCache,
        families,
        security);
  }

  /** A copy whose guests may import the calls of these families. */
  public RuntimeConfig withFamilies(List<? extends HostFamily<?>> value) {
    return new RuntimeConfig(
        spearletConfig,
        clock,
        random,
        engine,
        guestStackBytes,
        compiledCodeCache,
        List.copyOf(value),
        security);
  }

  /** A copy keeping compiled modules in {@code folder} (created when missing) across restarts. */
  public RuntimeConfig withCompiledCodeCache(Path folder) {
    return new RuntimeConfig(
        spearletConfig,
        clock,
        random,
        engine,
        guestStackBytes,
        Optional.of(folder),
        families,
        security);
  }

  /** A copy with the node's token and sandbox rules. */
  public RuntimeConfig withSecurity(NodeSecurity value) {
    return new RuntimeConfig(
        spearletConfig, clock, random, engine, guestStackBytes, compiledCodeCache, families, value);
  }
}
