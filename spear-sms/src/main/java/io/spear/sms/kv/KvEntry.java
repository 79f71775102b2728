package io.spear.sms.kv;

/**
 * One key's value and version.
 *
 * @param key the key
 * @param version its version, larger after every write of the namespace
 * @param value the bytes
 * @param updatedAtMs when it was last written, epoch milliseconds
 */
public record KvEntry(String key, long version, byte[] value, long updatedAtMs) {}
