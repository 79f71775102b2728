package io.spear.bench.graal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * Runs a WASI command module on GraalWasm in this JVM and prints what the harness's {@code graal}
 * group measures: {@code GraalProbe <module.wasm> <warm-up cap ms> <runs> [guest args...]}.
 *
 * <p>Every run is a fresh context on one shared engine (so parsed and compiled code is reused, as a
 * per-invocation instance would reuse it), with WASI from GraalWasm's built-in {@code
 * wasi_snapshot_preview1}, calling {@code _start}; the guest's stdout is discarded. The output
 * follows {@link ProbeOutput}.
 */
public final class GraalProbe {

  private GraalProbe() {}

  /** Runs the probe; exits non-zero when the guest fails. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: GraalProbe <module.wasm> <warm-up cap ms> <runs> [args...]");
      System.exit(2);
    }
    byte[] bytes = Files.readAllBytes(Path.of(args[0]));
    long capMillis = Long.parseLong(args[1]);
    int runs = Integer.parseInt(args[2]);
    List<String> argv = new ArrayList<>();
    argv.add("kernel");
    argv.addAll(Arrays.asList(args).subList(3, args.length));
    long start = System.nanoTime();
    try (Engine engine = Engine.newBuilder("wasm").out(OutputStream.nullOutputStream()).build()) {
      Source source = Source.newBuilder("wasm", ByteSequence.create(bytes), "kernel").build();
      String[] guestArgs = argv.toArray(String[]::new);
      runOnce(engine, source, guestArgs);
      ProbeOutput out = new ProbeOutput(System.out);
      out.line("engine", engine.getImplementationName());
      out.line("cold", System.nanoTime() - start);
      out.loop(() -> runOnce(engine, source, guestArgs), capMillis, runs);
      out.memory();
    }
  }

  private static void runOnce(Engine engine, Source source, String[] guestArgs) {
    try (Context context =
        Context.newBuilder("wasm")
            .engine(engine)
            .option("wasm.Builtins", "wasi_snapshot_preview1")
            .arguments("wasm", guestArgs)
            .out(OutputStream.nullOutputStream())
            .build()) {
      Value module = context.eval(source);
      Value instance = module.canInstantiate() ? module.newInstance() : module;
      Value exports = instance.hasMember("exports") ? instance.getMember("exports") : instance;
      try {
        exports.getMember("_start").execute();
      } catch (PolyglotException e) {
        if (!e.isExit() || e.getExitStatus() != 0) {
          throw e;
        }
      }
    }
  }
}
