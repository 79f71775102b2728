package io.spear.client;

import io.spear.model.api.InvocationResult;

/**
 * An invocation's answer: the HTTP status and the execution (also for a guest's failure).
 *
 * @param status the HTTP status (200 completed, 202 accepted, the error's status otherwise)
 * @param body the execution as SMS answered it
 */
public record InvocationAnswer(int status, InvocationResult body) {

  /** Whether the invocation completed (or was accepted, when asynchronous). */
  public boolean ok() {
    return status / 100 == 2;
  }
}
