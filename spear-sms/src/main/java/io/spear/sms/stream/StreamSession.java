package io.spear.sms.stream;

/**
 * A stream session as stored: the token's SHA-256 (the token itself is only ever in the answer to
 * the client), the execution it opens, and when it expires.
 *
 * @param tokenHash hex SHA-256 of the token
 * @param executionId the execution the token is for
 * @param expiresAtMs epoch milliseconds on the SMS clock
 */
public record StreamSession(String tokenHash, String executionId, long expiresAtMs) {}
