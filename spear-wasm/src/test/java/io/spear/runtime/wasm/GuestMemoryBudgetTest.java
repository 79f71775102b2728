package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.ResourceExhaustedException;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.config.SpearletConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GuestMemoryBudgetTest {

  private static final long MIB = 1024 * 1024;

  private static SpearletConfig node(long maxGuest, long budget) {
    return Guests.NODE.toBuilder()
        .defaultMemoryLimitBytes(maxGuest)
        .maxGuestMemoryBytes(maxGuest)
        .guestMemoryBudgetBytes(budget)
        .build();
  }

  @Test
  void aTaskAskingForMoreMemoryThanTheNodeAllowsOneGuestIsRefusedInWords() {
    try (WasmRuntime runtime = Guests.runtime(node(256 * MIB, 512 * MIB))) {
      InstanceConfig config =
          Guests.config("memory_grow.c.wasm")
              .withTaskConfig(InstanceConfig.MEMORY_LIMIT_BYTES, "4294967296")
              .build();
      assertThatThrownBy(() -> runtime.createInstance(config))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("4294967296")
          .hasMessageContaining("max_guest_memory_bytes 268435456");
    }
  }

  @Test
  void aGuestGrowingPastTheNodeBudgetEndsAsResourceExhaustedAndGivesItBack() {
    // A flat memory growing to 64 MiB briefly holds its old 32 MiB array too: 96 MiB fit.
    try (WasmRuntime runtime = Guests.runtime(node(64 * MIB, 128 * MIB))) {
      // Another run holds most of the budget, as a busy node's guests would.
      GuestMemoryBudget.Charge others = runtime.guestMemoryBudget().charge();
      others.reserve(112 * MIB);
      TaskInstance bomb = Guests.started(runtime, "memory_grow.c.wasm");

      assertThatThrownBy(() -> Guests.run(runtime, bomb))
          .isInstanceOf(ResourceExhaustedException.class)
          .hasMessageContaining("guest_memory_budget_bytes");
      assertThat(runtime.guestMemoryBudget().used()).isEqualTo(112 * MIB);
      assertThat(runtime.guestMemoryBudget().refusals()).isPositive();

      others.close();
      assertThat(runtime.guestMemoryBudget().used()).isZero();
      ExecutionOutcome again = Guests.run(runtime, bomb);
      assertThat(again).isInstanceOf(Completed.class);
      assertThat(runtime.guestMemoryBudget().used()).isZero();
    }
  }

  @Test
  void fourMemoryBombsAtOnceEndAsCompletedOrResourceExhaustedNeverAnError() throws Exception {
    try (WasmRuntime runtime = Guests.runtime(node(32 * MIB, 80 * MIB))) {
      TaskInstance bomb = Guests.started(runtime, "memory_grow.c.wasm");
      List<CompletableFuture<ExecutionOutcome>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(Guests.async(() -> Guests.run(runtime, bomb)));
      }
      for (CompletableFuture<ExecutionOutcome> run : runs) {
        try {
          assertThat(run.get(60, TimeUnit.SECONDS)).isInstanceOf(Completed.class);
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(ResourceExhaustedException.class);
        }
      }
      assertThat(runtime.guestMemoryBudget().used()).isZero();
    }
  }

  @Test
  void aMemoryGrowsByOnlyWhatItNeedsWhenTheBudgetCannotSpareDoubling() {
    GuestMemoryBudget budget = new GuestMemoryBudget(3 * MIB);
    try (GuestMemoryBudget.Charge charge = budget.charge()) {
      FlatMemory memory = new FlatMemory(new MemoryLimits(16, 64), charge);
      assertThat(budget.used()).isEqualTo(MIB);
      // Doubling would hold 2 MiB besides the old 1 MiB: exactly the budget, so it is allowed.
      assertThat(memory.grow(1)).isEqualTo(16);
      assertThat(budget.used()).isEqualTo(2 * MIB);
      // Now doubling to 4 MiB cannot fit, but the 17 pages + 1 needed do (old array released).
      assertThatThrownBy(() -> memory.grow(32)).isInstanceOf(ResourceExhaustedException.class);
      assertThat(memory.grow(15)).isEqualTo(17);
      assertThat(memory.pages()).isEqualTo(32);
    }
    assertThat(budget.used()).isZero();
  }
}
