package io.spear.runtime.host;

import java.util.List;
import java.util.Objects;

/**
 * One host call a family provides: its import name and typed parameters (the guest ABI), whether it
 * may block, and its body.
 *
 * <p>The engine runs every body through one wrapper: a stopped execution traps before the body
 * runs; a {@link HostCallError} becomes the call's {@code -errno} result; a blocking call gives the
 * execution's CPU slot back while it runs; {@link ExecutionStopped} ends the guest.
 *
 * @param module the import module ({@value #SPEAR})
 * @param name the import name
 * @param params the parameters, named and typed as guests see them
 * @param result the result type, or null for none
 * @param blocking whether the call may wait for long (on the network, a timer, an event), so that
 *     the execution's running slot is given back while it waits
 * @param doc one sentence for the guest ABI reference
 * @param body what the call does
 * @param <S> the family's per-execution state
 */
public record HostCall<S>(
    String module,
    String name,
    List<Param> params,
    Type result,
    boolean blocking,
    String doc,
    Body<S> body) {

  /** The import module of every SPEAR host call. */
  public static final String SPEAR = "spear";

  /** How a parameter or result looks to a guest; every pointer is an i32 in WebAssembly. */
  public enum Type {
    /** A 32-bit integer. */
    I32,
    /** A 64-bit integer. */
    I64,
    /** A pointer to bytes the host reads. */
    IN_PTR,
    /** A pointer to bytes the host writes. */
    OUT_PTR,
    /** A pointer to a u32 length: a capacity on entry, a length on return. */
    LEN_PTR;

    /** Whether WebAssembly passes it as an i64 (otherwise as an i32). */
    public boolean isI64() {
      return this == I64;
    }
  }

  /** A named parameter. */
  public record Param(String name, Type type) {}

  /**
   * The body of a host call.
   *
   * @param <S> the family's per-execution state
   */
  @FunctionalInterface
  public interface Body<S> {
    /**
     * Runs the call with its WebAssembly arguments (an i32 in the low 32 bits); returns the result
     * (ignored when the call has none), or throws {@link HostCallError} for {@code -errno}.
     */
    long call(S state, Guest guest, long[] args);
  }

  /** Checks required values and copies the parameters. */
  public HostCall {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(body, "body");
  }

  /** A non-blocking {@code spear} call. */
  public static <S> HostCall<S> of(
      String name, Type result, String doc, Body<S> body, Param... params) {
    return new HostCall<>(SPEAR, name, List.of(params), result, false, doc, body);
  }

  /** A {@code spear} call that may block; the execution's running slot is given back meanwhile. */
  public static <S> HostCall<S> blocking(
      String name, Type result, String doc, Body<S> body, Param... params) {
    return new HostCall<>(SPEAR, name, List.of(params), result, true, doc, body);
  }

  /** A parameter. */
  public static Param param(String name, Type type) {
    return new Param(name, type);
  }
}
