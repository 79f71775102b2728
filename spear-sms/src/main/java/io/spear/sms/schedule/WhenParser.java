package io.spear.sms.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.spear.model.error.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a schedule's {@code cron} or {@code every} into a {@link When}, naming the field at fault.
 */
final class WhenParser {

  private WhenParser() {}

  /** Standard cron: minute, hour, day of month, month, day of week. */
  private static final CronParser FIVE_FIELDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** Cron with seconds first: second, minute, hour, day of month, month, day of week. */
  private static final CronParser SIX_FIELDS = new CronParser(withSeconds());

  private static CronDefinition withSeconds() {
    return CronDefinitionBuilder.defineCron()
        .withSeconds()
        .and()
        .withMinutes()
        .and()
        .withHours()
        .and()
        .withDayOfMonth()
        .supportsL()
        .supportsW()
        .supportsQuestionMark()
        .and()
        .withMonth()
        .and()
        .withDayOfWeek()
        .withValidRange(0, 7)
        .withMondayDoWValue(1)
        .withIntMapping(7, 0)
        .supportsL()
        .supportsHash()
        .supportsQuestionMark()
        .and()
        .withSupportedNicknameHourly()
        .withSupportedNicknameDaily()
        .withSupportedNicknameWeekly()
        .withSupportedNicknameMonthly()
        .withSupportedNicknameYearly()
        .instance();
  }

  /**
   * A cron expression of five fields, or six with seconds first, in {@code zone}.
   *
   * @throws InvalidRequestException naming the field {@code cron} and what is wrong
   */
  static When cron(String expression, ZoneId zone) {
    String trimmed = expression.trim().replaceAll("\\s+", " ");
    int fields = trimmed.isEmpty() ? 0 : trimmed.split(" ").length;
    CronParser parser =
        switch (fields) {
          case 5 -> FIVE_FIELDS;
          case 6 -> SIX_FIELDS;
          default ->
              throw new InvalidRequestException(
                  "cron must have 5 fields (minute hour day-of-month month day-of-week) or 6"
                      + " (seconds first) but had "
                      + fields
                      + ": '"
                      + expression
                      + "'");
        };
    Cron cron;
    try {
      cron = parser.parse(trimmed).validate();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "cron '" + expression + "' is not valid: " + e.getMessage());
    }
    return new When.CronTimes(trimmed, cron, zone);
  }

  /**
   * A period such as {@code 30s}, {@code 5m}, {@code 2h} or {@code 1d}, counted from {@code
   * anchor}.
   *
   * @throws InvalidRequestException naming the field {@code every} and what is wrong
   */
  static When every(String text, Instant anchor) {
    Duration period = period(text);
    if (period.compareTo(When.Every.MIN) < 0) {
      throw new InvalidRequestException(
          "every must be at least " + When.Every.MIN.toSeconds() + "s but was '" + text + "'");
    }
    return new When.Every(period, anchor);
  }

  /** The duration {@code every} names, without the minimum checked. */
  static Duration period(String text) {
    Matcher m = PERIOD.matcher(text.trim());
    if (!m.matches()) {
      throw new InvalidRequestException(
          "every must be a whole number and a unit (s, m, h or d), such as 30s, but was '"
              + text
              + "'");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("every is too large: '" + text + "'");
    }
    if (n > MAX_AMOUNT) {
      throw new InvalidRequestException("every is too large: '" + text + "'");
    }
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** At most this many units: a few thousand years, far from any overflow. */
  private static final long MAX_AMOUNT = 1_000_000_000L;

  private static final Pattern PERIOD = Pattern.compile("([0-9]{1,12})([smhd])");
}
