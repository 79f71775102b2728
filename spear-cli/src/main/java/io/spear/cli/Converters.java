package io.spear.cli;

import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;
import io.spear.sms.postgres.PostgresUrl;
import io.spear.support.config.Values;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Human-friendly option values: {@code 90s}, {@code 500ms}, {@code 2m}; {@code 64MiB}. */
final class Converters {

  private Converters() {}

  static Duration duration(String value) {
    try {
      return Values.duration(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** Byte sizes: a number of bytes, or with a KiB/MiB/GiB suffix. */
  static final class ByteSize implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Values.bytes(value);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** PostgreSQL URLs; the message of a bad one never repeats the value, which holds a password. */
  static final class DatabaseUrl implements ITypeConverter<PostgresUrl> {
    @Override
    public PostgresUrl convert(String value) {
      try {
        return PostgresUrl.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Task states by their wire names. */
  static final class Status implements ITypeConverter<TaskStatus> {
    @Override
    public TaskStatus convert(String value) {
      return TaskStatus.fromWire(value)
          .orElseThrow(
              () -> new TypeConversionException("expected registered, active or inactive"));
    }
  }

  /** Task priorities by their wire names. */
  static final class Priority implements ITypeConverter<TaskPriority> {
    @Override
    public TaskPriority convert(String value) {
      return TaskPriority.fromWire(value)
          .orElseThrow(() -> new TypeConversionException("expected low, normal, high or urgent"));
    }
  }
}
