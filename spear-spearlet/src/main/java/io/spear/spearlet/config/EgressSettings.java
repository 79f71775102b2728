package io.spear.spearlet.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.egress.EgressPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code egress:} section of a Spearlet's config file: {@code allow: [entries]}, the hosts
 * guests' outbound calls may reach ({@code api.example.com}, {@code *.github.com:443}, {@code
 * 127.0.0.1:18099}). Missing: guests reach nothing.
 */
public final class EgressSettings {

  private EgressSettings() {}

  /** The policy of an {@code egress:} section. */
  public static EgressPolicy parse(JsonNode section) {
    if (section == null || section.isMissingNode() || section.isNull()) {
      return EgressPolicy.NONE;
    }
    if (!section.isObject()) {
      throw new IllegalArgumentException("egress must be a mapping, e.g. egress: {allow: [...]}");
    }
    section
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("allow")) {
                throw new IllegalArgumentException(
                    "unknown setting egress." + e.getKey() + "; known: allow");
              }
            });
    JsonNode allow = section.path("allow");
    if (allow.isMissingNode() || allow.isNull()) {
      return EgressPolicy.NONE;
    }
    if (!allow.isArray()) {
      throw new IllegalArgumentException("egress.allow must be a list of host entries");
    }
    List<String> entries = new ArrayList<>();
    for (JsonNode entry : allow) {
      if (!entry.isTextual()) {
        throw new IllegalArgumentException("egress.allow entries must be strings, not " + entry);
      }
      entries.add(entry.asText());
    }
    try {
      return EgressPolicy.of(entries);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("egress.allow: " + e.getMessage(), e);
    }
  }
}
