package io.spear.sms.secret;

import java.util.List;
import java.util.Optional;

/** Where secrets are kept, sealed, by name. */
public interface SecretStore {

  /** Creates or replaces a secret (keeping its creation time); answers whether it replaced one. */
  boolean put(String name, String sealed, List<String> allowedHosts);

  /** A secret by name. */
  Optional<StoredSecret> find(String name);

  /** Every secret, by name. */
  List<StoredSecret> list();

  /** Removes a secret; false when there was none. */
  boolean delete(String name);
}
