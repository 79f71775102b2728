package io.spear.sms.kv;

import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.model.error.ConflictException;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.kv.KvRules;
import io.spear.sms.task.TaskStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The key-value API: a value's bytes by namespace and key with its version as the {@code ETag},
 * conditional writes and deletes ({@code If-Match}, {@code If-None-Match: *}), prefix listings
 * paged by cursor, and the namespaces in use.
 */
public final class KvService implements ApiService {

  /** Listing page size when the request names none. */
  static final int DEFAULT_LIMIT = 100;

  /** The largest listing page. */
  static final int MAX_LIMIT = 1000;

  private static final String KEY_PATH = "/api/v1/kv/{namespace}/<key>";

  private final KvStore store;
  private final KvAccess access;
  private final long maxKeysPerNamespace;

  /** A service over {@code store}; node tokens may use the namespaces of {@code tasks}. */
  public KvService(KvStore store, TaskStore tasks, long maxKeysPerNamespace) {
    if (maxKeysPerNamespace < 1) {
      throw new IllegalArgumentException(
          "maxKeysPerNamespace must be positive but was " + maxKeysPerNamespace);
    }
    this.store = store;
    this.access = new KvAccess(tasks);
    this.maxKeysPerNamespace = maxKeysPerNamespace;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/kv", this::namespaces),
        Route.get("/api/v1/kv/{namespace}", this::list),
        Route.get(KEY_PATH, this::get),
        Route.put(KEY_PATH, this::put).alsoAllow(Role.NODE),
        Route.delete(KEY_PATH, this::delete).alsoAllow(Role.NODE));
  }

  private void namespaces(Context ctx) {
    ctx.json(new Namespaces(true, store.namespaces(), maxKeysPerNamespace));
  }

  private void list(Context ctx) {
    String namespace = namespace(ctx);
    String prefix = KvRules.prefix(Optional.ofNullable(ctx.queryParam("prefix")).orElse(""));
    int limit = QueryParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Optional<String> after =
        Optional.ofNullable(ctx.queryParam("cursor"))
            .filter(c -> !c.isEmpty())
            .map(KvService::fromCursor);
    KvPage page = store.list(namespace, prefix, after, limit);
    ctx.json(
        new Listing(
            true,
            namespace,
            prefix,
            page.keys(),
            store.count(namespace, prefix),
            page.lastKey().map(KvService::toCursor).orElse(null)));
  }

  private void get(Context ctx) {
    String namespace = namespace(ctx);
    String key = KvRules.key(ctx.pathParam("key"));
    KvEntry entry = store.get(namespace, key).orElseThrow(() -> notFound(namespace, key));
    ctx.header("ETag", etag(entry.version()))
        .contentType("application/octet-stream")
        .result(entry.value());
  }

  private void put(Context ctx) {
    String namespace = namespace(ctx);
    String key = KvRules.key(ctx.pathParam("key"));
    KvRules.valueSize(ctx.contentLength());
    KvCondition condition = condition(ctx);
    byte[] value = ctx.bodyAsBytes();
    KvRules.valueSize(value.length);
    KvOutcome outcome = store.put(namespace, key, value, condition, maxKeysPerNamespace);
    switch (outcome) {
      case KvOutcome.Done done ->
          ctx.status(done.created() ? 201 : 200)
              .header("ETag", etag(done.version()))
              .json(new Written(true, namespace, key, done.version(), done.created()));
      case KvOutcome.Mismatch m -> throw mismatch(namespace, key, condition, m.current());
      case KvOutcome.Full full ->
          throw new ConflictException(
              ErrorCode.NAMESPACE_FULL,
              "namespace '"
                  + namespace
                  + "' holds "
                  + full.limit()
                  + " keys, its limit; delete keys or raise SMS's --kv-max-keys");
      case KvOutcome.Missing missing -> throw notFound(namespace, key);
    }
  }

  private void delete(Context ctx) {
    String namespace = namespace(ctx);
    String key = KvRules.key(ctx.pathParam("key"));
    KvCondition condition = condition(ctx);
    switch (store.delete(namespace, key, condition)) {
      case KvOutcome.Done done -> ctx.json(new Deleted(true, namespace, key, done.version()));
      case KvOutcome.Mismatch m -> throw mismatch(namespace, key, condition, m.current());
      case KvOutcome.Missing missing -> throw notFound(namespace, key);
      case KvOutcome.Full full -> throw new IllegalStateException("a delete cannot fill");
    }
  }

  private String namespace(Context ctx) {
    String namespace = KvRules.namespace(ctx.pathParam("namespace"), "namespace");
    access.check(ctx, namespace);
    return namespace;
  }

  /** {@code If-Match: "7"} (or 7) is a compare-and-set; {@code If-None-Match: *} create-only. */
  private static KvCondition condition(Context ctx) {
    String ifMatch = ctx.header("If-Match");
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifMatch != null && ifNoneMatch != null) {
      throw new InvalidRequestException("give If-Match or If-None-Match, not both");
    }
    if (ifNoneMatch != null) {
      if (!ifNoneMatch.strip().equals("*")) {
        throw new InvalidRequestException(
            "If-None-Match must be * (create only) but was '" + ifNoneMatch + "'");
      }
      return KvCondition.Absent.INSTANCE;
    }
    if (ifMatch == null) {
      return KvCondition.Always.INSTANCE;
    }
    String raw = ifMatch.strip();
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      raw = raw.substring(1, raw.length() - 1);
    }
    try {
      long version = Long.parseLong(raw);
      if (version < 1) {
        throw new NumberFormatException();
      }
      return new KvCondition.AtVersion(version);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "If-Match must be a version as the ETag gave it (\"7\") but was '" + ifMatch + "'");
    }
  }

  private static ConflictException mismatch(
      String namespace, String key, KvCondition condition, long current) {
    String now = current == 0 ? "does not exist" : "exists at version " + current;
    String wanted =
        switch (condition) {
          case KvCondition.AtVersion v -> "version " + v.version() + " was required";
          case KvCondition.Absent a -> "it was to be created";
          case KvCondition.Always a -> "no condition";
        };
    return new ConflictException(
        ErrorCode.VERSION_MISMATCH,
        "key '" + key + "' in namespace '" + namespace + "' " + now + "; " + wanted);
  }

  private static NotFoundException notFound(String namespace, String key) {
    return new NotFoundException(
        ErrorCode.KEY_NOT_FOUND, "no key '" + key + "' in namespace '" + namespace + "'");
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  static String toCursor(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String fromCursor(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("cursor is not one a listing gave: '" + cursor + "'");
    }
  }

  /** The namespaces in use, and how many keys each may hold. */
  record Namespaces(boolean success, List<KvNamespace> namespaces, long maxKeys) {}

  /** One page of keys; {@code nextCursor} is absent on the last page. */
  record Listing(
      boolean success,
      String namespace,
      String prefix,
      List<KvKey> keys,
      long count,
      String nextCursor) {}

  /** The answer to a write. */
  record Written(boolean success, String namespace, String key, long version, boolean created) {}

  /** The answer to a delete: the version the key had. */
  record Deleted(boolean success, String namespace, String key, long version) {}
}
