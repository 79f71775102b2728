package io.spear.model.kv;

import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;

/**
 * What a key-value namespace and key may be, and how large a value: checked by SMS on every call
 * and by clients before they send, so a refusal names the limit it hit.
 */
public final class KvRules {

  /** The longest key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 512;

  /** The longest namespace, in UTF-8 bytes. */
  public static final int MAX_NAMESPACE_BYTES = 256;

  /** The largest value, in bytes (1 MiB). */
  public static final int MAX_VALUE_BYTES = 1024 * 1024;

  /** How many keys a namespace holds unless SMS is configured otherwise. */
  public static final long DEFAULT_MAX_KEYS_PER_NAMESPACE = 10_000;

  private KvRules() {}

  /**
   * Whether {@code name} is a namespace: 1 to 256 bytes of UTF-8, no control characters, no {@code
   * /}, and not {@code .} or {@code ..} (it is one segment of a URL path).
   */
  public static boolean isNamespace(String name) {
    return name != null
        && !name.isEmpty()
        && utf8Length(name) <= MAX_NAMESPACE_BYTES
        && name.indexOf('/') < 0
        && isSegment(name)
        && printable(name);
  }

  /** The namespace, or a 400 saying what is wrong with it; {@code what} names its source. */
  public static String namespace(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new InvalidRequestException(what + " must not be empty");
    }
    int bytes = utf8Length(name);
    if (bytes > MAX_NAMESPACE_BYTES) {
      throw new InvalidRequestException(
          what + " is " + bytes + " bytes; the limit is " + MAX_NAMESPACE_BYTES + " bytes");
    }
    if (!isNamespace(name)) {
      throw new InvalidRequestException(
          what + " '" + name + "' must not contain '/' or control characters, nor be '.' or '..'");
    }
    return name;
  }

  /**
   * The key, or a 400 saying what is wrong with it: 1 to 512 bytes of UTF-8, no control characters,
   * and no {@code /}-separated part that is empty, {@code .} or {@code ..} (they do not survive a
   * URL path).
   */
  public static String key(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidRequestException("key must not be empty");
    }
    int bytes = utf8Length(key);
    if (bytes > MAX_KEY_BYTES) {
      throw new InvalidRequestException(
          "key is " + bytes + " bytes; the limit is " + MAX_KEY_BYTES + " bytes");
    }
    if (!printable(key)) {
      throw new InvalidRequestException("key must not contain control characters");
    }
    for (String part : key.split("/", -1)) {
      if (part.isEmpty() || !isSegment(part)) {
        throw new InvalidRequestException(
            "key '" + key + "' has an empty, '.' or '..' part between '/'");
      }
    }
    return key;
  }

  /** A prefix to list by: like a key but may be empty or end with {@code /}. */
  public static String prefix(String prefix) {
    if (prefix.isEmpty()) {
      return prefix;
    }
    int bytes = utf8Length(prefix);
    if (bytes > MAX_KEY_BYTES) {
      throw new InvalidRequestException(
          "prefix is " + bytes + " bytes; the limit is " + MAX_KEY_BYTES + " bytes");
    }
    if (!printable(prefix)) {
      throw new InvalidRequestException("prefix must not contain control characters");
    }
    return prefix;
  }

  /** Refuses a value over {@link #MAX_VALUE_BYTES} with a 413 naming the limit. */
  public static void valueSize(long bytes) {
    if (bytes > MAX_VALUE_BYTES) {
      throw new PayloadTooLargeException(
          "value is " + bytes + " bytes; the limit is " + MAX_VALUE_BYTES + " bytes (1 MiB)");
    }
  }

  /** The length of {@code s} in UTF-8 bytes. */
  public static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean isSegment(String part) {
    return !part.equals(".") && !part.equals("..");
  }

  private static boolean printable(String s) {
    // A lone surrogate has no UTF-8 form: it would be stored as '?'.
    return s.codePoints().noneMatch(c -> Character.isISOControl(c) || (c >= 0xD800 && c <= 0xDFFF));
  }
}
