package io.spear.model.api;

/**
 * The answer of {@code POST /api/v1/secrets}: never the value.
 *
 * @param success always true
 * @param name the secret's name
 * @param replaced whether a secret of that name was replaced
 */
public record SecretWritten(boolean success, String name, boolean replaced) {}
