package io.spear.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * Swagger UI from the {@code org.webjars:swagger-ui} artifact: its assets are served as they are
 * under {@code /swagger-ui/}, and a small page of ours points the UI at this server's document.
 */
final class SwaggerUi {

  /** Where the UI is hosted. */
  static final String HOSTED_PATH = "/swagger-ui";

  private static final String WEBJAR_POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private SwaggerUi() {}

  /** The classpath folder of the webjar's assets, when the webjar is on the classpath. */
  static Optional<String> assetDirectory() {
    try (InputStream in = SwaggerUi.class.getResourceAsStream(WEBJAR_POM)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties pom = new Properties();
      pom.load(in);
      return Optional.of("/META-INF/resources/webjars/swagger-ui/" + pom.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The UI's page for a server named {@code name}, reading {@code /openapi.json}. */
  static String page(String name) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Swagger UI: %1$s</title>
          <link rel="stylesheet" href="%2$s/swagger-ui.css">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="%2$s/swagger-ui-bundle.js"></script>
          <script>
            window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui",
                                         deepLinking: true});
          </script>
        </body>
        </html>
        """
        .formatted(name, HOSTED_PATH);
  }
}
