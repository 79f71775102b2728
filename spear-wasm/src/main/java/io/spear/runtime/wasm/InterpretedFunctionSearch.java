package io.spear.runtime.wasm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which functions of a valid module the compiler cannot turn into JVM bytecode, so that only
 * those run in the interpreter and the rest stay compiled.
 *
 * <p>A WebAssembly function can exceed what one JVM method may hold in several ways (operand stack
 * depth, locals, constant pool, code size), and the compiler fails in a different place for each,
 * often without naming the function. So the search does not rely on the failure: it asks whether
 * the module compiles with a chosen set of functions interpreted, and narrows down the culprits by
 * halving, each found in about log2(functions) compiles. A function the failure names (the compiler
 * does for code size) is tried first, at the cost of one compile.
 */
final class InterpretedFunctionSearch {

  /** Compiles tried before the whole module goes to the interpreter instead. */
  static final int MAX_ATTEMPTS = 64;

  private static final Pattern NAMED = Pattern.compile("WASM function index: (\\d+)");

  private final int firstDefined;
  private final int functionCount;
  private final Predicate<Set<Integer>> compilesWith;
  private int attempts;

  /**
   * @param firstDefined the index of the first function the module defines (after its imports)
   * @param functionCount imports and defined functions together
   * @param compilesWith whether the module compiles with these functions interpreted
   */
  InterpretedFunctionSearch(
      int firstDefined, int functionCount, Predicate<Set<Integer>> compilesWith) {
    this.firstDefined = firstDefined;
    this.functionCount = functionCount;
    this.compilesWith = compilesWith;
  }

  /**
   * The smallest set found of functions to interpret for the module to compile, after a compile
   * with none interpreted failed with {@code failure}; empty when no such set was found within
   * {@link #MAX_ATTEMPTS} compiles (the failure is not one function's, or too many are at fault).
   */
  Optional<Set<Integer>> functionsToInterpret(Throwable failure) {
    TreeSet<Integer> interpreted = new TreeSet<>();
    if (!compiles(allDefined())) {
      return Optional.empty(); // not any function's fault: the module as a whole
    }
    Optional<Integer> named = named(failure);
    if (named.isPresent() && compiles(with(interpreted, named.get()))) {
      return Optional.of(Set.of(named.get()));
    }
    named.ifPresent(interpreted::add);
    while (attempts < MAX_ATTEMPTS) {
      if (compiles(interpreted)) {
        return Optional.of(Set.copyOf(interpreted));
      }
      Optional<Integer> culprit = firstCulprit(interpreted);
      if (culprit.isEmpty()) {
        return Optional.empty();
      }
      interpreted.add(culprit.get());
    }
    return Optional.empty();
  }

  /** Compiles tried so far. */
  int attempts() {
    return attempts;
  }

  /**
   * Among the functions not yet interpreted, the first one whose compiling fails, given that
   * compiling all of them fails: the shortest prefix that still fails ends with a culprit.
   */
  private Optional<Integer> firstCulprit(Set<Integer> interpreted) {
    List<Integer> rest = new ArrayList<>();
    for (int i = firstDefined; i < functionCount; i++) {
      if (!interpreted.contains(i)) {
        rest.add(i);
      }
    }
    int lo = 0;
    int hi = rest.size() - 1;
    while (lo < hi) {
      if (attempts >= MAX_ATTEMPTS) {
        return Optional.empty();
      }
      int mid = (lo + hi) >>> 1;
      Set<Integer> tried = new TreeSet<>(interpreted);
      tried.addAll(rest.subList(mid + 1, rest.size()));
      if (compiles(tried)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return rest.isEmpty() ? Optional.empty() : Optional.of(rest.get(lo));
  }

  private boolean compiles(Set<Integer> interpreted) {
    attempts++;
    return compilesWith.test(interpreted);
  }

  private Set<Integer> allDefined() {
    Set<Integer> all = new TreeSet<>();
    for (int i = firstDefined; i < functionCount; i++) {
      all.add(i);
    }
    return all;
  }

  private static Set<Integer> with(Set<Integer> interpreted, int function) {
    Set<Integer> more = new TreeSet<>(interpreted);
    more.add(function);
    return more;
  }

  private Optional<Integer> named(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher m = NAMED.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        int index = Integer.parseInt(m.group(1));
        if (index >= firstDefined && index < functionCount) {
          return Optional.of(index);
        }
      }
    }
    return Optional.empty();
  }
}
