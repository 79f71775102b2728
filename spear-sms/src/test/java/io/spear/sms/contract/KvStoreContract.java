package io.spear.sms.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.kv.KvCondition;
import io.spear.sms.kv.KvEntry;
import io.spear.sms.kv.KvKey;
import io.spear.sms.kv.KvNamespace;
import io.spear.sms.kv.KvOutcome;
import io.spear.sms.kv.KvPage;
import io.spear.sms.kv.KvStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every key-value store does. */
public abstract class KvStoreContract extends StoreContract {

  private static final long MAX = 1_000;

  private KvStore kv() {
    return store.kv();
  }

  private long put(String ns, String key, String value, KvCondition condition) {
    KvOutcome outcome = kv().put(ns, key, value.getBytes(UTF_8), condition, MAX);
    assertThat(outcome).isInstanceOf(KvOutcome.Done.class);
    return ((KvOutcome.Done) outcome).version();
  }

  @Test
  void aWrittenValueReadsBackWithItsVersionAndTime() {
    clock.advance(Duration.ofSeconds(5));
    KvOutcome outcome =
        kv().put("app", "greeting", "hello".getBytes(UTF_8), KvCondition.Always.INSTANCE, MAX);

    assertThat(outcome).isEqualTo(new KvOutcome.Done(1, true));
    KvEntry entry = kv().get("app", "greeting").orElseThrow();
    assertThat(entry.value()).asString(UTF_8).isEqualTo("hello");
    assertThat(entry.version()).isEqualTo(1);
    assertThat(entry.updatedAtMs()).isEqualTo(clock.instant().toEpochMilli());
    assertThat(kv().get("app", "other")).isEmpty();
    assertThat(kv().get("other-app", "greeting")).isEmpty();
  }

  @Test
  void valuesAreBytesNotText() {
    byte[] bytes = {0, (byte) 0xff, 0x7f, (byte) 0x80, 0};
    kv().put("app", "raw", bytes, KvCondition.Always.INSTANCE, MAX);

    assertThat(kv().get("app", "raw").orElseThrow().value()).containsExactly(bytes);
    kv().put("app", "empty", new byte[0], KvCondition.Always.INSTANCE, MAX);
    assertThat(kv().get("app", "empty").orElseThrow().value()).isEmpty();
  }

  @Test
  void versionsGrowWithEveryWriteAndAreNeverHandedOutTwiceInANamespace() {
    long first = put("app", "a", "1", KvCondition.Always.INSTANCE);
    long second = put("app", "a", "2", KvCondition.Always.INSTANCE);
    long other = put("app", "b", "1", KvCondition.Always.INSTANCE);
    assertThat(kv().delete("app", "a", KvCondition.Always.INSTANCE))
        .isEqualTo(new KvOutcome.Done(second, false));
    long again = put("app", "a", "3", KvCondition.Always.INSTANCE);

    assertThat(List.of(first, second, other, again)).isSorted().doesNotHaveDuplicates();
    // A compare-and-set written before the delete cannot match the key made again.
    assertThat(kv().put("app", "a", new byte[0], new KvCondition.AtVersion(second), MAX))
        .isEqualTo(new KvOutcome.Mismatch(again));
  }

  @Test
  void compareAndSetWritesOnlyAtTheVersionItNames() {
    long v1 = put("app", "n", "1", KvCondition.Always.INSTANCE);

    long v2 = put("app", "n", "2", new KvCondition.AtVersion(v1));
    assertThat(kv().put("app", "n", "3".getBytes(UTF_8), new KvCondition.AtVersion(v1), MAX))
        .isEqualTo(new KvOutcome.Mismatch(v2));
    assertThat(kv().get("app", "n").orElseThrow().value()).asString(UTF_8).isEqualTo("2");
    assertThat(kv().put("app", "absent", new byte[1], new KvCondition.AtVersion(v1), MAX))
        .isEqualTo(new KvOutcome.Mismatch(0));
    assertThat(kv().get("app", "absent")).isEmpty();
  }

  @Test
  void createOnlyWritesAnAbsentKeyAndRefusesAnExistingOne() {
    long v1 = put("app", "once", "first", KvCondition.Absent.INSTANCE);

    assertThat(kv().put("app", "once", "second".getBytes(UTF_8), KvCondition.Absent.INSTANCE, MAX))
        .isEqualTo(new KvOutcome.Mismatch(v1));
    assertThat(kv().get("app", "once").orElseThrow().value()).asString(UTF_8).isEqualTo("first");
  }

  @Test
  void aDeleteRemovesTheKeyAndAConditionalOneNeedsTheVersion() {
    long v1 = put("app", "gone", "x", KvCondition.Always.INSTANCE);

    assertThat(kv().delete("app", "gone", new KvCondition.AtVersion(v1 + 100)))
        .isEqualTo(new KvOutcome.Mismatch(v1));
    assertThat(kv().get("app", "gone")).isPresent();
    assertThat(kv().delete("app", "gone", new KvCondition.AtVersion(v1)))
        .isEqualTo(new KvOutcome.Done(v1, false));
    assertThat(kv().get("app", "gone")).isEmpty();
    assertThat(kv().delete("app", "gone", KvCondition.Always.INSTANCE))
        .isEqualTo(new KvOutcome.Missing());
  }

  @Test
  void listingPagesThroughTheKeysOfAPrefixInByteOrder() {
    for (String key : List.of("user/3", "user/1", "users", "user/2", "admin", "user/10")) {
      put("app", key, key, KvCondition.Always.INSTANCE);
    }
    put("other", "user/9", "x", KvCondition.Always.INSTANCE);

    List<String> seen = new ArrayList<>();
    Optional<String> after = Optional.empty();
    int pages = 0;
    do {
      KvPage page = kv().list("app", "user/", after, 2);
      page.keys().forEach(k -> seen.add(k.key()));
      after = page.lastKey();
      pages++;
    } while (after.isPresent());

    assertThat(seen).containsExactly("user/1", "user/10", "user/2", "user/3");
    assertThat(pages).isEqualTo(2);
    assertThat(kv().count("app", "user/")).isEqualTo(4);
    assertThat(kv().count("app", "")).isEqualTo(6);
    assertThat(kv().list("app", "", Optional.empty(), 100).keys())
        .extracting(KvKey::key)
        .containsExactly("admin", "user/1", "user/10", "user/2", "user/3", "users");
  }

  @Test
  void aListingShowsSizesAndVersionsButNoValues() {
    long v = put("app", "k", "four", KvCondition.Always.INSTANCE);

    assertThat(kv().list("app", "k", Optional.empty(), 10).keys())
        .containsExactly(new KvKey("k", v, 4, clock.instant().toEpochMilli()));
  }

  @Test
  void prefixesAreLiteralNotPatterns() {
    put("app", "a_b", "1", KvCondition.Always.INSTANCE);
    put("app", "axb", "1", KvCondition.Always.INSTANCE);
    put("app", "A%", "1", KvCondition.Always.INSTANCE);

    assertThat(kv().list("app", "a_", Optional.empty(), 10).keys())
        .extracting(KvKey::key)
        .containsExactly("a_b");
    assertThat(kv().count("app", "a")).isEqualTo(2);
    assertThat(kv().count("app", "é")).isZero();
  }

  @Test
  void namespacesAreListedWithTheirKeyCountsAndBytes() {
    put("b-app", "k1", "12345", KvCondition.Always.INSTANCE);
    put("b-app", "k2", "1", KvCondition.Always.INSTANCE);
    put("b-app", "k2", "123", KvCondition.Always.INSTANCE);
    put("a-app", "k", "", KvCondition.Always.INSTANCE);
    put("emptied", "k", "x", KvCondition.Always.INSTANCE);
    kv().delete("emptied", "k", KvCondition.Always.INSTANCE);

    assertThat(kv().namespaces())
        .containsExactly(new KvNamespace("a-app", 1, 0), new KvNamespace("b-app", 2, 8));
  }

  @Test
  void aFullNamespaceRefusesNewKeysButStillTakesOverwritesAndDeletes() {
    kv().put("small", "a", new byte[1], KvCondition.Always.INSTANCE, 2);
    kv().put("small", "b", new byte[1], KvCondition.Always.INSTANCE, 2);

    assertThat(kv().put("small", "c", new byte[1], KvCondition.Always.INSTANCE, 2))
        .isEqualTo(new KvOutcome.Full(2));
    assertThat(kv().put("small", "a", new byte[2], KvCondition.Always.INSTANCE, 2))
        .isInstanceOf(KvOutcome.Done.class);
    kv().delete("small", "b", KvCondition.Always.INSTANCE);
    assertThat(kv().put("small", "c", new byte[1], KvCondition.Always.INSTANCE, 2))
        .isEqualTo(new KvOutcome.Done(4, true));
    assertThat(kv().count("small", "")).isEqualTo(2);
  }

  @Test
  void concurrentCompareAndSetIncrementsLoseNoUpdate() throws Exception {
    put("app", "counter", "0", KvCondition.Always.INSTANCE);
    int writers = 8;
    int each = 10;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Integer>> attempts = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        attempts.add(pool.submit(() -> increment(each)));
      }
      for (Future<Integer> f : attempts) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(kv().get("app", "counter").orElseThrow().value())
        .asString(UTF_8)
        .isEqualTo(String.valueOf(writers * each));
  }

  private int increment(int times) {
    int retries = 0;
    for (int done = 0; done < times; ) {
      KvEntry entry = kv().get("app", "counter").orElseThrow();
      int next = Integer.parseInt(new String(entry.value(), UTF_8)) + 1;
      KvOutcome outcome =
          kv().put(
                  "app",
                  "counter",
                  String.valueOf(next).getBytes(UTF_8),
                  new KvCondition.AtVersion(entry.version()),
                  MAX);
      if (outcome instanceof KvOutcome.Done) {
        done++;
      } else {
        retries++;
      }
    }
    return retries;
  }
}
