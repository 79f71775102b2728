package io.spear.egress;

/** What an egress policy says of a URL: let through to a checked address, or refused with why. */
public sealed interface EgressDecision {

  /** The URL may be reached, at {@code target}'s address only. */
  record Allowed(EgressTarget target) implements EgressDecision {}

  /**
   * The URL may not be reached; {@code reason} names the rule (for the node's log and the caller).
   */
  record Refused(String reason) implements EgressDecision {}
}
