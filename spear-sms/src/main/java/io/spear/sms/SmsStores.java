package io.spear.sms;

import io.spear.sms.log.LogLimits;
import io.spear.sms.postgres.PostgresStore;
import io.spear.sms.secret.SecretsKey;
import io.spear.sms.sqlite.EmbeddedStore;
import io.spear.sms.store.SmsStore;
import java.util.Optional;

/**
 * Opens the store a configuration names. The one place that knows both kinds, kept out of {@link
 * SmsStore} so that the interface does not depend on its implementations.
 */
public final class SmsStores {

  private SmsStores() {}

  /** The store {@code config} names: PostgreSQL when it has a database URL, else embedded. */
  public static SmsStore open(SmsConfig config) {
    return open(config, LogLimits.defaults());
  }

  /** The store {@code config} names, with these bounds on execution logs. */
  public static SmsStore open(SmsConfig config, LogLimits logLimits) {
    return open(config, logLimits, Optional.empty());
  }

  /** The store {@code config} names, sealing nodes' forwarding secrets under {@code key}. */
  public static SmsStore open(SmsConfig config, LogLimits logLimits, Optional<SecretsKey> key) {
    if (config.database().isPresent()) {
      return PostgresStore.open(config.database().get(), config.clock(), logLimits, key);
    }
    return EmbeddedStore.open(config.dataDir(), config.clock(), logLimits, key);
  }
}
