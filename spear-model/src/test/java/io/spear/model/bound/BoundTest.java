package io.spear.model.bound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.json.Json;
import org.junit.jupiter.api.Test;

class BoundTest {

  private final Bound timeout = new Bound("timeout_ms", 0, 86_400_000);

  @Test
  void aValueWithinTheRangeIsReadFromTextAndJson() throws Exception {
    assertThat(timeout.parse(" 5000 ")).isEqualTo(5000);
    assertThat(timeout.read(json("{\"timeout_ms\": 86400000}"), "timeout_ms")).contains(86400000L);
    assertThat(timeout.read(json("{\"timeout_ms\": null}"), "timeout_ms")).isEmpty();
  }

  @Test
  void everyRefusalNamesTheParameterAndItsBound() {
    assertRefused("-1", "timeout_ms must be between 0 and 86400000 but was -1");
    assertRefused("2147483648", "timeout_ms must be between 0 and 86400000 but was 2147483648");
    assertRefused(
        "9223372036854775807",
        "timeout_ms must be between 0 and 86400000 but was 9223372036854775807");
    assertRefused(
        "18446744073709551616",
        "timeout_ms must be between 0 and 86400000 but was 18446744073709551616");
    assertRefused("1e308", "timeout_ms must be an integer between 0 and 86400000 but was '1e308'");
    assertRefused("NaN", "timeout_ms must be an integer between 0 and 86400000 but was 'NaN'");
    assertRefused("abc", "timeout_ms must be an integer between 0 and 86400000 but was 'abc'");
  }

  @Test
  void jsonNumbersOutOfRangeOrNotIntegersAreRefused() {
    assertThatThrownBy(() -> timeout.read(json("{\"timeout_ms\": 1e308}"), "timeout_ms"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("timeout_ms must be an integer between 0 and 86400000 but was 1.0E308");
    assertThatThrownBy(
            () -> timeout.read(json("{\"timeout_ms\": 99999999999999999999}"), "timeout_ms"))
        .hasMessage("timeout_ms must be between 0 and 86400000 but was 99999999999999999999");
    assertThatThrownBy(() -> timeout.read(json("{\"timeout_ms\": \"5\"}"), "timeout_ms"))
        .hasMessage("timeout_ms must be an integer between 0 and 86400000 but was \"5\"");
  }

  @Test
  void decimalsRefuseNanAndInfinity() {
    Bound percent = new Bound("cpu_usage_percent", 0, 100);
    assertThat(percent.parseDecimal("12.5")).isEqualTo(12.5);
    assertThatThrownBy(() -> percent.parseDecimal("NaN"))
        .hasMessage("cpu_usage_percent must be a number between 0 and 100 but was 'NaN'");
    assertThatThrownBy(() -> percent.check(Double.POSITIVE_INFINITY))
        .hasMessage("cpu_usage_percent must be between 0 and 100 but was Infinity");
    assertThatThrownBy(() -> percent.parseDecimal("1e308"))
        .hasMessage("cpu_usage_percent must be between 0 and 100 but was 1e308");
  }

  private void assertRefused(String raw, String message) {
    assertThatThrownBy(() -> timeout.parse(raw))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(message);
  }

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }
}
