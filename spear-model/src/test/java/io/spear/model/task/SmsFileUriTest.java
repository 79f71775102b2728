package io.spear.model.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmsFileUriTest {

  @Test
  void bareFileIdUsesTheNodesConfiguredSms() {
    assertThat(SmsFileUri.parse("sms+file://0b8f6a2e-1c1e-4a53-9a57-2b0f9c1f4a10"))
        .contains(new SmsFileUri(Optional.empty(), "0b8f6a2e-1c1e-4a53-9a57-2b0f9c1f4a10"));
  }

  @Test
  void hostAndPortNameAnotherSms() {
    assertThat(SmsFileUri.parse("sms+file://10.0.0.5:8080/abc-1"))
        .contains(new SmsFileUri(Optional.of("10.0.0.5:8080"), "abc-1"));
  }

  @Test
  void newerSpellingIsTheSameScheme() {
    assertThat(SmsFileUri.parse("smsfile://abc")).contains(new SmsFileUri(Optional.empty(), "abc"));
    assertThat(SmsFileUri.parse("SMSFILE://h:1/abc"))
        .contains(new SmsFileUri(Optional.of("h:1"), "abc"));
  }

  @Test
  void malformedOrForeignUrisAreNotSmsFiles() {
    assertThat(SmsFileUri.parse("sms+file://")).isEmpty();
    assertThat(SmsFileUri.parse("sms+file:abc")).isEmpty();
    assertThat(SmsFileUri.parse("sms+file://h:1/")).isEmpty();
    assertThat(SmsFileUri.parse("sms+file://h:1/a/b")).isEmpty();
    assertThat(SmsFileUri.parse("sms+file://../etc/passwd")).isEmpty();
    assertThat(SmsFileUri.parse("https://example.com/m.wasm")).isEmpty();
    assertThat(SmsFileUri.parse(null)).isEmpty();
  }

  @Test
  void schemeIsReadFromAnyUri() {
    assertThat(SmsFileUri.schemeOf("s3://bucket/key")).isEqualTo("s3");
    assertThat(SmsFileUri.schemeOf("no-scheme")).isEmpty();
  }

  @Test
  void downloadPathIsTheFilesRoute() {
    assertThat(SmsFileUri.parse("sms+file://abc").orElseThrow().downloadPath())
        .isEqualTo("/api/v1/files/abc");
  }
}
