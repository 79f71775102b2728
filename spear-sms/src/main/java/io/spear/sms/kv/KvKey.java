package io.spear.sms.kv;

/**
 * A key as a listing shows it: without its value.
 *
 * @param key the key
 * @param version its version
 * @param size its value's length in bytes
 * @param updatedAtMs when it was last written, epoch milliseconds
 */
public record KvKey(String key, long version, long size, long updatedAtMs) {}
