package example;

// README:begin
import io.spear.client.InvocationAnswer;
import io.spear.client.SmsClient;
import io.spear.embedded.EmbeddedSpear;
import io.spear.model.api.InvocationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs a WebAssembly function on a platform started inside this JVM. */
public class ReadmeExample {
  public static String run(Path module) throws Exception {
    try (EmbeddedSpear spear = EmbeddedSpear.startTemporary()) {
      String task = spear.deploy("hello", module, List.of("from", "java"));
      SmsClient client = spear.client(); // the same client talks to a remote SMS
      InvocationAnswer answer =
          client.invoke(InvocationRequest.of(task, new byte[0]), Duration.ofSeconds(30));
      System.out.println(answer.body().status() + " in " + answer.body().durationMs() + " ms");
      return new String(answer.body().output(), StandardCharsets.UTF_8);
    }
  }
}
// README:end
