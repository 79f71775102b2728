package io.spear.model.api;

/**
 * The answer of a request that only acts: {@code {success, message}}.
 *
 * @param success whether it was done
 * @param message what was done
 */
public record Done(boolean success, String message) {}
