package io.spear.sms.page;

import io.javalin.http.Context;
import io.spear.http.QueryParams;

/**
 * Which slice of a listing to return.
 *
 * @param limit at most this many items
 * @param offset skip this many items first
 */
public record PageRequest(int limit, int offset) {

  /** The default page size, as SPEAR's. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest page a client may ask for. */
  public static final int MAX_LIMIT = 1000;

  /** Checks the bounds eagerly. */
  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
  }

  /** Reads {@code limit} and {@code offset} from a request, answering 400 naming a bad one. */
  public static PageRequest from(Context ctx) {
    return new PageRequest(
        QueryParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        QueryParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE));
  }
}
