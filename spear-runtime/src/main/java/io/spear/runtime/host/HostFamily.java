package io.spear.runtime.host;

import java.util.List;

/**
 * A group of host calls that guests import, such as {@code spear.log} or the {@code cchat_*} calls:
 * what it provides, and its state for one execution. An engine offers a module only the calls it
 * imports and asks a family for its state only when the module imports one of its calls.
 *
 * <p>A new family is a class implementing this interface in a package of its own, plus one line
 * where the node lists its families; the engine and the other families do not change. Outside
 * services (an HTTP client, an LLM router) are given to the family's constructor there.
 *
 * @param <S> the family's state for one execution
 */
public interface HostFamily<S> {

  /** The family's name in the guest ABI reference ({@code "core"}, {@code "chat"}, ...). */
  String name();

  /** The calls it provides, in the order the guest ABI reference lists them. */
  List<HostCall<S>> calls();

  /** Constants guests pass to or get back from these calls, for the ABI reference and SDKs. */
  default List<GuestAbi.Constant> constants() {
    return List.of();
  }

  /**
   * The family's state for one execution; called at most once per execution, before the guest runs,
   * and only when the module imports one of {@link #calls()}. Resources that must end with the
   * execution are registered with {@link ExecutionScope#onClose}.
   */
  S open(ExecutionScope scope);
}
