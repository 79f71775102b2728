package io.spear.sms.stream;

import java.util.Optional;

/** Stream session tokens, shared by every SMS replica on the store. */
public interface StreamSessionStore {

  /** Stores a new session. */
  void put(StreamSession session);

  /**
   * Takes a session: returns it and deletes it, so a token opens one socket only; when two replicas
   * race for the same token, one of them gets it.
   */
  Optional<StreamSession> take(String tokenHash);

  /** Deletes sessions that expired before {@code nowMs}; answers how many. */
  int purgeExpired(long nowMs);
}
