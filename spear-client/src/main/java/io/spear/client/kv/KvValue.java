package io.spear.client.kv;

/**
 * A key's value and the version it was read at.
 *
 * @param value the bytes
 * @param version the version, to pass to a compare-and-set
 */
public record KvValue(byte[] value, long version) {}
