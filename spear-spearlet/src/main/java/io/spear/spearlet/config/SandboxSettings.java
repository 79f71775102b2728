package io.spear.spearlet.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.NodeSecurity.PreopenRule;
import io.spear.support.net.BearerToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sandbox:} section of a Spearlet's config file: {@code preopen_allow: [{path,
 * writable}]} (host directories tasks may preopen) and {@code trusted_sms: [host:port]} (SMS
 * addresses besides the node's own that {@code sms+file://host:port/…} may name).
 */
public final class SandboxSettings {

  private SandboxSettings() {}

  /** The node security of a {@code sandbox:} section (missing: nothing allowed). */
  public static NodeSecurity parse(JsonNode section) {
    List<PreopenRule> preopens = new ArrayList<>();
    List<String> trusted = new ArrayList<>();
    if (section == null || section.isMissingNode() || section.isNull()) {
      return NodeSecurity.NONE;
    }
    if (!section.isObject()) {
      throw new IllegalArgumentException("sandbox must be a mapping");
    }
    section
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("preopen_allow") && !e.getKey().equals("trusted_sms")) {
                throw new IllegalArgumentException(
                    "unknown setting sandbox."
                        + e.getKey()
                        + "; known: preopen_allow, trusted_sms");
              }
            });
    for (JsonNode rule : list(section, "preopen_allow")) {
      String path = rule.path("path").asText("");
      if (path.isBlank() || !Path.of(path).isAbsolute()) {
        throw new IllegalArgumentException(
            "sandbox.preopen_allow entries need an absolute path, e.g. {path: /srv/data,"
                + " writable: true}");
      }
      preopens.add(new PreopenRule(Path.of(path), rule.path("writable").asBoolean(false)));
    }
    for (JsonNode address : list(section, "trusted_sms")) {
      trusted.add(address.asText());
    }
    return new NodeSecurity(BearerToken.NONE, preopens, trusted);
  }

  private static JsonNode list(JsonNode section, String name) {
    JsonNode value = section.path(name);
    if (!value.isMissingNode() && !value.isArray()) {
      throw new IllegalArgumentException("sandbox." + name + " must be a list");
    }
    return value;
  }
}
