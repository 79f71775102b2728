package io.spear.cli.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads an app manifest: TOML unless the file name ends in {@code .yaml} or {@code .yml}. */
public final class ManifestReader {

  private ManifestReader() {}

  /**
   * Reads {@code file}; the app name defaults to the manifest's directory name.
   *
   * @throws IllegalArgumentException when the manifest is malformed (the message says where)
   * @throws IOException when it cannot be read
   */
  public static AppManifest read(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    String text = Files.readString(absolute);
    ObjectMapper mapper = mapperFor(absolute);
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(ManifestErrors.syntax(file, format(absolute), text, e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(file + " is empty");
    }
    Path dir = absolute.getParent();
    String app =
        tree.path("app").isTextual()
            ? tree.get("app").asText()
            : dir.getFileName() == null ? "app" : dir.getFileName().toString();
    List<FunctionSpec> functions = List.of();
    try {
      if (tree.has("functions")) {
        functions = mapper.readerForListOf(FunctionSpec.class).readValue(tree.get("functions"));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(ManifestErrors.function(file, e), e);
    }
    return new AppManifest(app, functions == null ? List.of() : functions, dir);
  }

  private static ObjectMapper mapperFor(Path file) {
    ObjectMapper mapper = format(file).equals("YAML") ? new YAMLMapper() : new TomlMapper();
    return mapper
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static String format(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") ? "YAML" : "TOML";
  }
}
