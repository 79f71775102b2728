package io.spear.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The committed test guests and byte fixtures, by file name, e.g. {@code
 * Corpus.bytes("hello.c.wasm")}.
 *
 * <p>Binaries are named {@code <name>.<wat|c>.wasm} after their source under {@code src/main/wat}
 * or {@code src/main/c}; {@code *.bin} files are deliberately not WebAssembly. {@code rebuild.sh}
 * regenerates all of them and the index.
 */
public final class Corpus {

  private static final String ROOT = "/corpus/";
  private static final List<String> NAMES = readIndex();

  private Corpus() {}

  /** The bytes of one fixture; fails naming every available fixture when it does not exist. */
  public static byte[] bytes(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "no corpus fixture named '" + name + "'; available: " + String.join(", ", NAMES));
    }
    try (InputStream in = open(ROOT + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read corpus fixture " + name, e);
    }
  }

  /** The names of every fixture, sorted. */
  public static List<String> names() {
    return NAMES;
  }

  /** The names of the fixtures that are WebAssembly binaries, sorted. */
  public static List<String> wasmNames() {
    return NAMES.stream().filter(n -> n.endsWith(".wasm")).toList();
  }

  private static List<String> readIndex() {
    try (InputStream in = open(ROOT + "index.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the corpus index", e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = Corpus.class.getResourceAsStream(resource);
    if (in == null) {
      // Only a broken build gets here: rebuild.sh writes every file the index names.
      throw new IllegalStateException("corpus resource missing from the classpath: " + resource);
    }
    return in;
  }
}
