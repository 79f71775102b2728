package io.spear.client.kv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The namespaces that hold keys.
 *
 * @param namespaces each, by name
 * @param maxKeys how many keys a namespace may hold on this SMS
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KvNamespaces(List<Namespace> namespaces, long maxKeys) {

  /** Copies the list. */
  public KvNamespaces {
    namespaces = List.copyOf(namespaces);
  }

  /**
   * One namespace.
   *
   * @param namespace its name
   * @param keys how many keys it holds
   * @param bytes the total length of its values
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Namespace(String namespace, long keys, long bytes) {}
}
