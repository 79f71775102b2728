package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.http.auth.FailureLedger;
import io.spear.http.auth.FailureLedger.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every store's ledger of failed authentications does. */
public abstract class FailureLedgerContract extends StoreContract {

  private static final long T0 = 1_700_000_000_000L;

  @Test
  void failuresOfAKeyCountWithinItsWindowAndKeysCountApart() {
    FailureLedger ledger = store.authFailures();
    assertThat(ledger.recordFailure("a", T0)).isEqualTo(new Window(T0, 1));
    assertThat(ledger.recordFailure("a", T0 + 10)).isEqualTo(new Window(T0, 2));
    assertThat(ledger.recordFailure("b", T0 + 20)).isEqualTo(new Window(T0 + 20, 1));
    assertThat(ledger.recordFailure("a", T0 + 59_999)).isEqualTo(new Window(T0, 3));
  }

  @Test
  void aKeyWhoseWindowEndedStartsAfresh() {
    FailureLedger ledger = store.authFailures();
    ledger.recordFailure("a", T0);
    ledger.recordFailure("a", T0 + 1);
    long later = T0 + FailureLedger.WINDOW.toMillis();
    assertThat(ledger.recordFailure("a", later)).isEqualTo(new Window(later, 1));
    // Ended windows of other keys are swept meanwhile; a key recorded again starts afresh too.
    ledger.recordFailure("b", T0 + 2);
    assertThat(ledger.recordFailure("b", later + 2 * FailureLedger.WINDOW.toMillis()).failures())
        .isEqualTo(1);
  }

  @Test
  void failuresRecordedAtOnceAreAllCounted() {
    FailureLedger ledger = store.authFailures();
    List<CompletableFuture<Window>> all = new ArrayList<>();
    IntStream.range(0, 40)
        .forEach(i -> all.add(CompletableFuture.supplyAsync(() -> ledger.recordFailure("k", T0))));
    all.forEach(CompletableFuture::join);
    assertThat(ledger.recordFailure("k", T0).failures()).isEqualTo(41);
  }
}
