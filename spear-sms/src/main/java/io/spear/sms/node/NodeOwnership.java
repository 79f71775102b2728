package io.spear.sms.node;

import io.javalin.http.Context;
import io.spear.http.auth.AuthGuard;
import io.spear.http.auth.Caller;
import io.spear.http.auth.Role;
import io.spear.model.error.AccessDeniedException;
import io.spear.model.error.ErrorCode;
import io.spear.sms.id.Ids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds a node to the node token that registered it: the token's name is kept in the node's
 * metadata, and a node token may then heartbeat, update, report resources for or delete only the
 * nodes it registered, so one node cannot take over another's uuid. A token bound to a node in the
 * token file ({@code node: <uuid>}) may act as that node only, whoever registered it, and no other
 * token may register it. Admins may act on any node.
 */
public final class NodeOwnership {

  /** The metadata key holding the name of the node token that registered the node. */
  static final String OWNER = "registered_by";

  private NodeOwnership() {}

  /** {@code metadata} with the owner set from the caller (a node token) and nothing else. */
  static Map<String, String> stamp(Context ctx, Map<String, String> metadata) {
    Map<String, String> stamped = new LinkedHashMap<>(metadata);
    stamped.remove(OWNER);
    nodeCaller(ctx).ifPresent(c -> stamped.put(OWNER, c.name()));
    return stamped;
  }

  /** {@code metadata} keeping {@code node}'s owner whatever the update says. */
  static Map<String, String> keep(Node node, Map<String, String> metadata) {
    Map<String, String> kept = new LinkedHashMap<>(metadata);
    kept.remove(OWNER);
    Optional.ofNullable(node.metadata().get(OWNER)).ifPresent(o -> kept.put(OWNER, o));
    return kept;
  }

  /**
   * Refuses a node token acting on node {@code uuid} when it is bound to another node, or, unbound,
   * did not register it; other callers (and unknown nodes, which the handler answers 404) pass
   * without a lookup.
   */
  public static void requireOwner(Context ctx, NodeStore store, String uuid) {
    Optional<Caller> caller = nodeCaller(ctx);
    if (caller.isEmpty()) {
      return;
    }
    Optional<String> bound = caller.get().node();
    if (bound.isPresent()) {
      if (!bound.equals(Ids.canonical(uuid))) {
        throw new AccessDeniedException(
            ErrorCode.PERMISSION_DENIED,
            "node token " + caller.get().name() + " is bound to node " + bound.get());
      }
      return;
    }
    Optional<Node> node = Ids.canonical(uuid).flatMap(store::find);
    if (node.isPresent() && !owns(caller.get(), node.get())) {
      throw new AccessDeniedException(
          ErrorCode.PERMISSION_DENIED,
          "node token " + caller.get().name() + " did not register node " + uuid);
    }
  }

  /**
   * The uuid a registration is for: the one the body chose, else, for a token bound to a node, that
   * node's; an unbound token may not choose a node bound to another token.
   */
  static Optional<String> registeringAs(
      Context ctx, Optional<String> chosen, Function<String, Optional<String>> boundTo) {
    Optional<Caller> caller = nodeCaller(ctx);
    Optional<String> bound = caller.flatMap(Caller::node);
    if (bound.isPresent()) {
      return chosen.or(() -> bound);
    }
    if (caller.isPresent() && chosen.isPresent()) {
      boundTo
          .apply(chosen.get())
          .ifPresent(
              owner -> {
                throw new AccessDeniedException(
                    ErrorCode.PERMISSION_DENIED,
                    "node " + chosen.get() + " is bound to another node token");
              });
    }
    return chosen;
  }

  /** Whether the caller is a node token, whose reports are bound to the nodes it registered. */
  public static boolean isNodeToken(Context ctx) {
    return nodeCaller(ctx).isPresent();
  }

  /**
   * Refuses a node token reporting on execution {@code executionId} (its record or log lines) of
   * node {@code uuid} unless it registered that node, so that a node reports only what it runs; a
   * node that does not exist, or no node at all, is refused too. Other callers pass.
   */
  public static void requireReporter(
      Context ctx, NodeStore store, String uuid, String executionId) {
    Optional<Caller> caller = nodeCaller(ctx);
    if (caller.isEmpty()) {
      return;
    }
    Optional<Node> node = Ids.canonical(uuid).flatMap(store::find);
    if (node.isEmpty() || !owns(caller.get(), node.get())) {
      throw new AccessDeniedException(
          ErrorCode.PERMISSION_DENIED,
          "node token "
              + caller.get().name()
              + " may report only executions of the nodes it registered; execution "
              + executionId
              + (uuid.isEmpty() ? " names no node" : " runs on node " + uuid));
    }
  }

  private static boolean owns(Caller caller, Node node) {
    // A token bound to a node owns it whoever registered it; others own what they registered.
    return caller.node().map(node.uuid()::equals).orElse(false)
        || caller.name().equals(node.metadata().get(OWNER));
  }

  private static Optional<Caller> nodeCaller(Context ctx) {
    return AuthGuard.caller(ctx).filter(c -> c.role() == Role.NODE);
  }
}
