package io.spear.sms.kv;

/**
 * A namespace that holds keys.
 *
 * @param namespace its name
 * @param keys how many keys it holds
 * @param bytes the total length of its values
 */
public record KvNamespace(String namespace, long keys, long bytes) {}
