package io.spear.runtime.artifact;

/**
 * Module bytes that passed the format and checksum checks.
 *
 * @param bytes the module; not copied, callers must not change it
 * @param sha256 the lower-case hex SHA-256 of the bytes
 * @param source where the bytes came from, for messages and logs
 */
public record ResolvedModule(byte[] bytes, String sha256, String source) {}
