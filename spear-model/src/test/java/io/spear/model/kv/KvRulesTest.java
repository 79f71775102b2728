package io.spear.model.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.PayloadTooLargeException;
import io.spear.model.error.SpearException;
import io.spear.model.task.TaskSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KvRulesTest {

  @Test
  void aKeyOfFiveHundredTwelveBytesIsAcceptedAndOneMoreIsRefusedNamingTheLimit() {
    assertThat(KvRules.key("k".repeat(512))).hasSize(512);
    assertThatThrownBy(() -> KvRules.key("k".repeat(513)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("key is 513 bytes; the limit is 512 bytes");
    // Bytes, not characters: 171 three-byte characters are 513 bytes.
    assertThatThrownBy(() -> KvRules.key("€".repeat(171))).hasMessageContaining("513 bytes");
  }

  @Test
  void keysMayHoldSlashesButNoEmptyDotOrControlParts() {
    assertThat(KvRules.key("users/42/name")).isEqualTo("users/42/name");
    for (String bad : new String[] {"", "a//b", "/a", "a/", "a/../b", ".", "a\nb", "\0"}) {
      assertThatThrownBy(() -> KvRules.key(bad)).isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void aValueOverOneMebibyteIsAPayloadTooLargeNamingTheLimit() {
    KvRules.valueSize(1024 * 1024);
    assertThatThrownBy(() -> KvRules.valueSize(1024 * 1024 + 1))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining("the limit is 1048576 bytes");
  }

  @Test
  void namespacesAreOneUrlSegment() {
    assertThat(KvRules.isNamespace("counter-app")).isTrue();
    assertThat(KvRules.isNamespace("my app.v2")).isTrue();
    assertThat(KvRules.isNamespace("a/b")).isFalse();
    assertThat(KvRules.isNamespace("..")).isFalse();
    assertThat(KvRules.isNamespace("n".repeat(257))).isFalse();
  }

  @Test
  void aTasksNamespaceIsItsKvNamespaceSettingElseItsName() {
    assertThat(TaskSettings.parse(Map.of()).kvNamespaceOf("counter")).contains("counter");
    assertThat(TaskSettings.parse(Map.of("kv.namespace", " shared ")).kvNamespaceOf("counter"))
        .contains("shared");
    assertThat(TaskSettings.parse(Map.of()).kvNamespaceOf("a/b")).isEmpty();
  }

  @Test
  void aBadKvNamespaceSettingIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> TaskSettings.parse(Map.of("kv.namespace", "a/b")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("config.kv.namespace");
    assertThatThrownBy(() -> TaskSettings.parse(Map.of("kv.namespace", "")))
        .isInstanceOf(SpearException.class)
        .extracting(e -> ((SpearException) e).code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }
}
