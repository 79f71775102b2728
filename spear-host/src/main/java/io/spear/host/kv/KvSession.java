package io.spear.host.kv;

import io.spear.client.ApiCallException;
import io.spear.client.kv.KvClient;
import io.spear.client.kv.KvListing;
import io.spear.client.kv.KvValue;
import io.spear.client.kv.KvWrite;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.SpearException;
import io.spear.model.kv.KvRules;
import io.spear.runtime.host.Errno;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestMemory;
import io.spear.runtime.host.HostCallError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The key-value calls of one execution, in its task's namespace. A refusal is logged to the
 * execution log in words, so that a guest's {@code -22} or {@code -27} can be understood.
 */
public final class KvSession {

  private final ExecutionScope scope;
  private final Optional<KvClient> client;
  private final Optional<String> namespace;

  KvSession(ExecutionScope scope, Optional<KvClient> client, Optional<String> namespace) {
    this.scope = scope;
    this.client = client;
    this.namespace = namespace;
  }

  long get(Guest guest, long[] args) {
    return read(guest, args, false);
  }

  long getVersioned(Guest guest, long[] args) {
    return read(guest, args, true);
  }

  private long read(Guest guest, long[] args, boolean versioned) {
    GuestMemory memory = guest.memory();
    String key = key(memory, args[0], args[1]);
    Optional<KvValue> value = call("kv_get", (kv, ns) -> kv.get(ns, key));
    if (versioned) {
      byte[] version = new byte[Long.BYTES];
      ByteBuffer.wrap(version)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putLong(value.map(KvValue::version).orElse(0L));
      memory.write((int) args[4], version);
    }
    if (value.isEmpty()) {
      throw new HostCallError(Errno.ENOENT);
    }
    return memory.writeWithLength((int) args[2], (int) args[3], value.get().value());
  }

  long set(Guest guest, long[] args) {
    String key = key(guest.memory(), args[0], args[1]);
    byte[] value = value(guest.memory(), args[2], args[3]);
    call("kv_set", (kv, ns) -> kv.put(ns, key, value));
    return 0;
  }

  long compareAndSet(Guest guest, long[] args) {
    String key = key(guest.memory(), args[0], args[1]);
    byte[] value = value(guest.memory(), args[2], args[3]);
    long expected = args[4];
    if (expected < 0) {
      throw refuse("kv_cas: expected_version " + expected + " is negative", Errno.EINVAL);
    }
    KvWrite written =
        call(
            "kv_cas",
            (kv, ns) ->
                expected == 0
                    ? kv.create(ns, key, value)
                    : kv.putIfVersion(ns, key, value, expected));
    return switch (written) {
      case KvWrite.Written w -> 0;
      case KvWrite.VersionMismatch m -> -Errno.EAGAIN;
      case KvWrite.NotFound n -> -Errno.EAGAIN;
    };
  }

  long delete(Guest guest, long[] args) {
    String key = key(guest.memory(), args[0], args[1]);
    KvWrite deleted = call("kv_delete", (kv, ns) -> kv.delete(ns, key));
    return deleted instanceof KvWrite.NotFound ? -Errno.ENOENT : 0;
  }

  long list(Guest guest, long[] args) {
    GuestMemory memory = guest.memory();
    String prefix = text(memory, args[0], args[1], "kv_list: prefix");
    KvListing listing =
        call("kv_list", (kv, ns) -> kv.list(ns, prefix, Optional.empty(), KvFamily.LIST_MAX_KEYS));
    ByteArrayOutputStream keys = new ByteArrayOutputStream();
    for (KvListing.Key k : listing.keys()) {
      keys.writeBytes(k.key().getBytes(StandardCharsets.UTF_8));
      keys.write('\n');
    }
    return memory.writeWithLength((int) args[2], (int) args[3], keys.toByteArray());
  }

  /** The call's key: 1 to 512 bytes of UTF-8 with the API's rules, else EINVAL. */
  private String key(GuestMemory memory, long ptr, long len) {
    String key = text(memory, ptr, len, "key");
    try {
      return KvRules.key(key);
    } catch (SpearException e) {
      throw refuse(e.getMessage(), Errno.EINVAL);
    }
  }

  private String text(GuestMemory memory, long ptr, long len, String what) {
    if (len < 0 || len > KvRules.MAX_KEY_BYTES) {
      throw refuse(
          what + " is " + len + " bytes; the limit is " + KvRules.MAX_KEY_BYTES + " bytes",
          Errno.EINVAL);
    }
    byte[] bytes = memory.read((int) ptr, (int) len);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw refuse(what + " is not UTF-8", Errno.EINVAL);
    }
  }

  private byte[] value(GuestMemory memory, long ptr, long len) {
    if (len < 0) {
      throw refuse("value length " + len + " is negative", Errno.EINVAL);
    }
    if (len > KvRules.MAX_VALUE_BYTES) {
      throw refuse(
          "value is " + len + " bytes; the limit is " + KvRules.MAX_VALUE_BYTES + " bytes (1 MiB)",
          Errno.EFBIG);
    }
    return memory.read((int) ptr, (int) len);
  }

  /** Runs one request to SMS within the execution's time, turning its failures into errno. */
  private <T> T call(String name, Request<T> request) {
    KvClient kv =
        client.orElseThrow(() -> refuse(name + ": this node has no key-value store", Errno.EIO));
    String ns =
        namespace.orElseThrow(
            () -> refuse(name + ": the task has no key-value namespace", Errno.EACCES));
    if (pastDeadline()) {
      throw new HostCallError(Errno.ETIMEDOUT);
    }
    try {
      return request.send(kv, ns);
    } catch (ApiCallException e) {
      if (pastDeadline()) {
        throw new HostCallError(Errno.ETIMEDOUT);
      }
      throw refuse(name + ": " + e.getMessage(), errno(e));
    } catch (SpearException e) {
      throw refuse(name + ": " + e.getMessage(), errno(e.code()));
    }
  }

  private boolean pastDeadline() {
    return !Instant.now().isBefore(scope.deadline());
  }

  private static int errno(ApiCallException e) {
    if (!e.answered()) {
      return Errno.EIO;
    }
    return e.errorCode().map(KvSession::errno).orElse(Errno.EIO);
  }

  private static int errno(ErrorCode code) {
    return switch (code) {
      case INVALID_REQUEST -> Errno.EINVAL;
      case PAYLOAD_TOO_LARGE -> Errno.EFBIG;
      case NAMESPACE_FULL -> Errno.ENOMEM;
      case NOT_FOUND, UNAUTHENTICATED, PERMISSION_DENIED -> Errno.EACCES;
      default -> Errno.EIO;
    };
  }

  private HostCallError refuse(String why, int errno) {
    scope.log("[kv] " + why + " (-" + errno + ")\n");
    return new HostCallError(errno);
  }

  /** One request to SMS in the task's namespace. */
  @FunctionalInterface
  private interface Request<T> {
    T send(KvClient kv, String namespace);
  }
}
