package io.spear.sms.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.error.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WhenTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00.250Z");

  @Test
  void everyFiresOnMultiplesOfItsPeriodCountedFromItsAnchor() {
    When every = WhenParser.every("30s", T0);

    assertThat(every.nextAfter(T0)).contains(T0.plusSeconds(30));
    assertThat(every.nextAfter(T0.plusSeconds(29))).contains(T0.plusSeconds(30));
    assertThat(every.nextAfter(T0.plusSeconds(30))).contains(T0.plusSeconds(60));
    assertThat(every.nextAfter(T0.minusSeconds(5))).contains(T0);
    assertThat(every.next(T0, 3))
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(60), T0.plusSeconds(90));
  }

  @Test
  void everyReadsSecondsMinutesHoursAndDays() {
    assertThat(WhenParser.period("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(WhenParser.period("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(WhenParser.period("3h")).isEqualTo(Duration.ofHours(3));
    assertThat(WhenParser.period("1d")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void everyWithoutAUnitOrBelowOneSecondIsRefusedNamingTheField() {
    assertThatThrownBy(() -> WhenParser.every("30", T0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("every must be a whole number and a unit");
    assertThatThrownBy(() -> WhenParser.every("0s", T0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("every must be at least 1s");
    assertThatThrownBy(() -> WhenParser.every("1.5m", T0))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void fiveFieldCronFiresOnTheMinute() {
    When cron = WhenParser.cron("*/15 * * * *", UTC);

    assertThat(cron.next(T0, 3))
        .containsExactly(
            Instant.parse("2026-03-02T10:15:00Z"),
            Instant.parse("2026-03-02T10:30:00Z"),
            Instant.parse("2026-03-02T10:45:00Z"));
  }

  @Test
  void sixFieldCronHasSecondsFirst() {
    When cron = WhenParser.cron("*/20 * * * * *", UTC);

    assertThat(cron.next(T0, 3))
        .containsExactly(
            Instant.parse("2026-03-02T10:00:20Z"),
            Instant.parse("2026-03-02T10:00:40Z"),
            Instant.parse("2026-03-02T10:01:00Z"));
  }

  @Test
  void cronReadsTheWallClockOfItsTimeZoneAcrossADaylightSavingChange() {
    // 09:00 on weekdays in New York: 14:00 UTC in winter, 13:00 UTC after March 8th, 2026.
    When cron = WhenParser.cron("0 9 * * 1-5", ZoneId.of("America/New_York"));

    assertThat(cron.nextAfter(Instant.parse("2026-03-06T12:00:00Z")))
        .contains(Instant.parse("2026-03-06T14:00:00Z"));
    assertThat(cron.nextAfter(Instant.parse("2026-03-06T15:00:00Z")))
        .contains(Instant.parse("2026-03-09T13:00:00Z"));
  }

  @Test
  void cronWithTheWrongNumberOfFieldsOrABadFieldIsRefusedNamingTheField() {
    assertThatThrownBy(() -> WhenParser.cron("* * * *", UTC))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("cron must have 5 fields");
    assertThatThrownBy(() -> WhenParser.cron("61 * * * *", UTC))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("cron '61 * * * *' is not valid");
  }
}
