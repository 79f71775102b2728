package io.spear.host.kv;

import static io.spear.runtime.host.HostCall.Type.I32;
import static io.spear.runtime.host.HostCall.Type.I64;
import static io.spear.runtime.host.HostCall.Type.IN_PTR;
import static io.spear.runtime.host.HostCall.Type.LEN_PTR;
import static io.spear.runtime.host.HostCall.Type.OUT_PTR;
import static io.spear.runtime.host.HostCall.param;

import io.spear.client.kv.KvClient;
import io.spear.model.kv.KvRules;
import io.spear.model.task.TaskSettings;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostFamily;
import java.util.List;
import java.util.Optional;

/**
 * Key-value state for guests: {@code kv_get}, {@code kv_get_versioned}, {@code kv_set}, {@code
 * kv_cas}, {@code kv_delete} and {@code kv_list}, in the namespace of the running task (its {@code
 * kv.namespace}, which the node sets to the task's name when the task does not). A guest names keys
 * only; it cannot reach another namespace.
 *
 * <p>Every call waits on SMS, so every call is blocking: the execution's CPU slot is given back
 * while it waits. Errors are negative errno values: {@code -2} no such key, {@code -11} a
 * compare-and-set whose version did not match, {@code -14} a pointer outside memory, {@code -22} a
 * bad key, {@code -27} a value over 1 MiB, {@code -28} a buffer too small (the size needed written
 * back), {@code -5} SMS unreachable, {@code -110} the execution's time is up, {@code -13} a task
 * without a namespace, {@code -12} a namespace holding as many keys as it may.
 */
public final class KvFamily implements HostFamily<KvSession> {

  /** The most keys one {@code kv_list} answers. */
  public static final int LIST_MAX_KEYS = 1000;

  private static final List<HostCall<KvSession>> CALLS =
      List.of(
          HostCall.blocking(
              "kv_get",
              I32,
              "Reads a key of the task's namespace into out: its length, -ENOENT, or -ENOSPC"
                  + " with the size needed in *out_len.",
              KvSession::get,
              param("key", IN_PTR),
              param("key_len", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR)),
          HostCall.blocking(
              "kv_get_versioned",
              I32,
              "Like kv_get, also writing the key's version to *version (0 when it does not exist).",
              KvSession::getVersioned,
              param("key", IN_PTR),
              param("key_len", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR),
              param("version", OUT_PTR)),
          HostCall.blocking(
              "kv_set",
              I32,
              "Writes a key whatever it holds: 0 or -errno.",
              KvSession::set,
              param("key", IN_PTR),
              param("key_len", I32),
              param("val", IN_PTR),
              param("val_len", I32)),
          HostCall.blocking(
              "kv_cas",
              I32,
              "Writes a key only if it is at expected_version (0: only if it does not exist):"
                  + " 0, or -EAGAIN when another version is there.",
              KvSession::compareAndSet,
              param("key", IN_PTR),
              param("key_len", I32),
              param("val", IN_PTR),
              param("val_len", I32),
              param("expected_version", I64)),
          HostCall.blocking(
              "kv_delete",
              I32,
              "Deletes a key: 0 or -ENOENT.",
              KvSession::delete,
              param("key", IN_PTR),
              param("key_len", I32)),
          HostCall.blocking(
              "kv_list",
              I32,
              "Writes the keys starting with prefix (at most KV_LIST_MAX_KEYS, in byte order), each"
                  + " ended by a newline: their length in bytes, or -ENOSPC with the size needed.",
              KvSession::list,
              param("prefix", IN_PTR),
              param("prefix_len", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR)));

  private final Optional<KvClient> client;

  /** Keys and values through {@code client}, the node's client of SMS. */
  public KvFamily(KvClient client) {
    this.client = Optional.of(client);
  }

  private KvFamily() {
    this.client = Optional.empty();
  }

  /** The family without SMS, for the ABI reference and tests: every call answers -EIO. */
  public static KvFamily none() {
    return new KvFamily();
  }

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public List<HostCall<KvSession>> calls() {
    return CALLS;
  }

  @Override
  public List<GuestAbi.Constant> constants() {
    return List.of(
        GuestAbi.constant(
            "kv", "KV_MAX_KEY_BYTES", KvRules.MAX_KEY_BYTES, "Longest key, in UTF-8 bytes."),
        GuestAbi.constant(
            "kv", "KV_MAX_VALUE_BYTES", KvRules.MAX_VALUE_BYTES, "Largest value, in bytes."),
        GuestAbi.constant(
            "kv", "KV_LIST_MAX_KEYS", LIST_MAX_KEYS, "Most keys one kv_list answers."));
  }

  @Override
  public KvSession open(ExecutionScope scope) {
    Optional<String> namespace =
        Optional.ofNullable(scope.taskConfig().get(TaskSettings.KV_NAMESPACE))
            .map(String::strip)
            .filter(KvRules::isNamespace);
    return new KvSession(scope, client, namespace);
  }
}
