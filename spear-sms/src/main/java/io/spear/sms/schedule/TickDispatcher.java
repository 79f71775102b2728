package io.spear.sms.schedule;

/** Hands a claimed tick to a node, or records why it could not. */
@FunctionalInterface
public interface TickDispatcher {

  /** Invokes {@code schedule}'s task for {@code fire}; never throws for a node's refusal. */
  void fire(Schedule schedule, Fire fire);
}
