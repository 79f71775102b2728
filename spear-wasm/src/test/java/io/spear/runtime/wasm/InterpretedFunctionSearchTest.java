package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The search for the functions to interpret, against compilers that fail on chosen functions. */
class InterpretedFunctionSearchTest {

  private static final RuntimeException UNNAMED = new IllegalStateException("stack overflow");

  /** A module of 3 imports and 200 defined functions; compiles unless a culprit is compiled. */
  private static InterpretedFunctionSearch failingOn(Set<Integer> culprits) {
    return new InterpretedFunctionSearch(3, 203, interpreted -> interpreted.containsAll(culprits));
  }

  @Test
  void findsEveryCulpritByHalvingWhenTheFailureNamesNone() {
    InterpretedFunctionSearch search = failingOn(Set.of(3, 77, 202));

    assertThat(search.functionsToInterpret(UNNAMED)).contains(Set.of(3, 77, 202));
    // About log2(200) compiles for each, not one per function.
    assertThat(search.attempts()).isLessThan(40);
  }

  @Test
  void aFunctionTheFailureNamesCostsOneCompile() {
    InterpretedFunctionSearch search = failingOn(Set.of(150));

    assertThat(
            search.functionsToInterpret(
                new RuntimeException("too large: WASM function index: 150 (name: f)")))
        .contains(Set.of(150));
    assertThat(search.attempts()).isEqualTo(2);
  }

  @Test
  void aWrongNameIsOnlyAHint() {
    InterpretedFunctionSearch search = failingOn(Set.of(10));

    assertThat(search.functionsToInterpret(new RuntimeException("WASM function index: 20")))
        .hasValueSatisfying(found -> assertThat(found).contains(10));
  }

  @Test
  void aFailureThatIsNoFunctionsFaultSendsTheWholeModuleToTheInterpreter() {
    InterpretedFunctionSearch search = new InterpretedFunctionSearch(0, 50, interpreted -> false);

    assertThat(search.functionsToInterpret(UNNAMED)).isEmpty();
    assertThat(search.attempts()).isEqualTo(1);
  }

  @Test
  void tooManyCulpritsEndTheSearchWithinItsBudget() {
    InterpretedFunctionSearch search =
        new InterpretedFunctionSearch(0, 1000, interpreted -> interpreted.size() >= 900);

    assertThat(search.functionsToInterpret(UNNAMED)).isEmpty();
    assertThat(search.attempts()).isLessThanOrEqualTo(InterpretedFunctionSearch.MAX_ATTEMPTS + 1);
  }
}
