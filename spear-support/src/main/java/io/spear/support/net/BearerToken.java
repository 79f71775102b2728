package io.spear.support.net;

import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * The token a client presents as {@code Authorization: Bearer …}, or none; never printed.
 *
 * @param value the token, empty when the client sends none
 */
public record BearerToken(Optional<String> value) {

  /** No token: requests go without an {@code Authorization} header. */
  public static final BearerToken NONE = new BearerToken(Optional.empty());

  /** Drops a blank token. */
  public BearerToken {
    Objects.requireNonNull(value, "value");
    value = value.map(String::trim).filter(t -> !t.isEmpty());
  }

  /** The token {@code value}, or none when it is null or blank. */
  public static BearerToken ofNullable(String value) {
    return new BearerToken(Optional.ofNullable(value));
  }

  /** Adds the {@code Authorization} header to {@code request} when there is a token. */
  public HttpRequest.Builder apply(HttpRequest.Builder request) {
    value.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return request;
  }

  /** True when there is a token. */
  public boolean isPresent() {
    return value.isPresent();
  }

  @Override
  public String toString() {
    return value.isPresent() ? "BearerToken[***]" : "BearerToken[none]";
  }
}
