package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient.Answer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FilesApiTest {

  private static final byte[] WASM_HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

  @RegisterExtension
  final SmsExtension sms = SmsExtension.with(c -> c.withMaxUploadBytes(1024 * 1024));

  @Test
  void uploadAnswersIdNameLengthDigestAndSmsFileUri() throws Exception {
    Answer answer = upload(WASM_HEADER, Map.of("X-File-Name", "hello.wasm"));

    assertThat(answer.status()).isEqualTo(201);
    JsonNode body = answer.json();
    assertThat(body.get("success").asBoolean()).isTrue();
    assertThat(body.get("name").asText()).isEqualTo("hello.wasm");
    assertThat(body.get("len").asLong()).isEqualTo(8);
    assertThat(body.get("sha256").asText()).isEqualTo(sha256(WASM_HEADER));
    assertThat(body.get("uri").asText()).isEqualTo("sms+file://" + body.get("id").asText());
  }

  @Test
  void uploadWithoutNameIsCalledBlob() {
    assertThat(upload(WASM_HEADER, Map.of()).json().get("name").asText()).isEqualTo("blob");
  }

  @Test
  void downloadStreamsTheIdenticalBytesWithEtagAndLength() throws Exception {
    byte[] bytes = randomBytes(300_000);
    String id = upload(bytes, Map.of()).json().get("id").asText();

    Answer download = sms.http().get("/api/v1/files/" + id);

    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(bytes);
    assertThat(download.header("Content-Type")).startsWith("application/octet-stream");
    assertThat(download.header("Content-Length")).isEqualTo("300000");
    assertThat(download.header("ETag")).isEqualTo("\"" + sha256(bytes) + "\"");
  }

  @Test
  void downloadsLargerThanOneWriteArriveByteExact() throws Exception {
    // Around the server's 128 KiB send chunk: a whole number of chunks, and a ragged last one.
    for (int size : new int[] {3 * 128 * 1024, 1_000_003}) {
      byte[] bytes = randomBytes(size);
      String id = upload(bytes, Map.of()).json().get("id").asText();

      Answer download = sms.http().get("/api/v1/files/" + id);

      assertThat(download.status()).isEqualTo(200);
      assertThat(download.header("Content-Length")).isEqualTo(Integer.toString(size));
      assertThat(sha256(download.body())).isEqualTo(sha256(bytes));
      assertThat(download.body()).isEqualTo(bytes);
    }
  }

  @Test
  void downloadWithMatchingIfNoneMatchIsNotModified() throws Exception {
    String id = upload(WASM_HEADER, Map.of()).json().get("id").asText();

    Answer again =
        sms.http()
            .get("/api/v1/files/" + id, Map.of("If-None-Match", "\"" + sha256(WASM_HEADER) + "\""));

    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void uploadWithMatchingChecksumIsStored() throws Exception {
    Answer answer =
        upload(
            WASM_HEADER, Map.of("X-Checksum-Sha256", sha256(WASM_HEADER).toUpperCase(Locale.ROOT)));

    assertThat(answer.status()).isEqualTo(201);
  }

  @Test
  void uploadWithWrongChecksumIsRejectedAndNothingStored() {
    Answer answer = upload(WASM_HEADER, Map.of("X-Checksum-Sha256", "ab".repeat(32)));

    assertError(answer, 400, "CHECKSUM_MISMATCH");
    assertThat(answer.json().get("message").asText()).contains("ab".repeat(32));
    assertNothingStored();
  }

  @Test
  void uploadWithMalformedChecksumHeaderIsRejectedNamingTheHeader() {
    Answer answer = upload(WASM_HEADER, Map.of("X-Checksum-Sha256", "not-hex"));

    assertError(answer, 400, "INVALID_REQUEST");
    assertThat(answer.json().get("message").asText()).contains("X-Checksum-Sha256");
    assertNothingStored();
  }

  @Test
  void emptyUploadIsRejectedAndNothingStored() {
    assertError(upload(new byte[0], Map.of()), 400, "EMPTY_UPLOAD");
    assertNothingStored();
  }

  @Test
  void uploadOverTheLimitIsRejectedWith413AndNothingStored() {
    Answer answer = upload(new byte[1024 * 1024 + 1], Map.of());

    assertError(answer, 413, "PAYLOAD_TOO_LARGE");
    assertNothingStored();
  }

  @Test
  void chunkedUploadOverTheLimitIsCutOffWith413AndNothingStored() {
    // No Content-Length: the server must count while streaming and stop at the limit.
    Answer answer =
        sms.http()
            .postStream(
                "/api/v1/files",
                () -> new ByteArrayInputStream(new byte[1024 * 1024 + 10]),
                Map.of());

    assertError(answer, 413, "PAYLOAD_TOO_LARGE");
    assertNothingStored();
  }

  @Test
  void chunkedUploadWithinTheLimitIsStored() {
    byte[] bytes = randomBytes(200_000);
    Answer answer =
        sms.http().postStream("/api/v1/files", () -> new ByteArrayInputStream(bytes), Map.of());

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().get("len").asLong()).isEqualTo(200_000);
  }

  @Test
  void metaDescribesTheFile() throws Exception {
    String id =
        upload(WASM_HEADER, Map.of("X-File-Name", "m.wasm", "Content-Type", "application/wasm"))
            .json()
            .get("id")
            .asText();

    JsonNode meta = sms.http().get("/api/v1/files/" + id + "/meta").json();

    assertThat(meta.get("found").asBoolean()).isTrue();
    assertThat(meta.get("id").asText()).isEqualTo(id);
    assertThat(meta.get("name").asText()).isEqualTo("m.wasm");
    assertThat(meta.get("len").asLong()).isEqualTo(8);
    assertThat(meta.get("sha256").asText()).isEqualTo(sha256(WASM_HEADER));
    assertThat(meta.get("content_type").asText()).isEqualTo("application/wasm");
    assertThat(meta.get("created_at").asLong())
        .isBetween(System.currentTimeMillis() / 1000 - 60, System.currentTimeMillis() / 1000 + 1);
  }

  @Test
  void metaOfAnUnknownFileIsNotFoundAndSaysSo() {
    Answer answer = sms.http().get("/api/v1/files/" + java.util.UUID.randomUUID() + "/meta");

    assertError(answer, 404, "FILE_NOT_FOUND");
    assertThat(answer.json().get("found").asBoolean()).isFalse();
  }

  @Test
  void listIsNewestFirstWithTotalCountFilterAndPaging() {
    for (int i = 0; i < 5; i++) {
      upload(
          ("file " + i).getBytes(StandardCharsets.UTF_8), Map.of("X-File-Name", "f" + i + ".wasm"));
    }
    upload(WASM_HEADER, Map.of("X-File-Name", "other.bin"));

    JsonNode all = sms.http().get("/api/v1/files").json();
    assertThat(all.get("total_count").asLong()).isEqualTo(6);
    assertThat(all.get("files").get(0).get("name").asText()).isEqualTo("other.bin");
    assertThat(all.get("files").get(5).get("name").asText()).isEqualTo("f0.wasm");

    JsonNode page = sms.http().get("/api/v1/files?q=.WASM&limit=2&offset=1").json();
    assertThat(page.get("total_count").asLong()).isEqualTo(5);
    assertThat(page.get("files")).hasSize(2);
    assertThat(page.get("files").get(0).get("name").asText()).isEqualTo("f3.wasm");
    assertThat(page.get("files").get(1).get("name").asText()).isEqualTo("f2.wasm");
  }

  @Test
  void listWithLikeWildcardsMatchesThemLiterally() {
    upload(WASM_HEADER, Map.of("X-File-Name", "a_b%c"));
    upload(WASM_HEADER, Map.of("X-File-Name", "axbyc"));

    JsonNode page = sms.http().get("/api/v1/files?q=_b%25").json();

    assertThat(page.get("total_count").asLong()).isEqualTo(1);
  }

  @Test
  void listWithMalformedPagingIsRejectedNamingTheParameter() {
    assertError(sms.http().get("/api/v1/files?limit=abc"), 400, "INVALID_REQUEST");
    assertThat(sms.http().get("/api/v1/files?limit=0").json().get("message").asText())
        .contains("limit");
    assertThat(sms.http().get("/api/v1/files?offset=-1").json().get("message").asText())
        .contains("offset");
  }

  @Test
  void deleteRemovesTheFileAndItsBytes() throws IOException {
    String id = upload(WASM_HEADER, Map.of()).json().get("id").asText();

    assertThat(sms.http().delete("/api/v1/files/" + id).status()).isEqualTo(200);

    assertError(sms.http().get("/api/v1/files/" + id), 404, "FILE_NOT_FOUND");
    assertError(sms.http().delete("/api/v1/files/" + id), 404, "FILE_NOT_FOUND");
    assertThat(blobFiles()).isEmpty();
  }

  @Test
  void identicalContentIsStoredOnceAndKeptUntilItsLastFileIsDeleted() throws IOException {
    String first = upload(WASM_HEADER, Map.of()).json().get("id").asText();
    String second = upload(WASM_HEADER, Map.of()).json().get("id").asText();
    assertThat(blobFiles()).hasSize(1);

    sms.http().delete("/api/v1/files/" + first);

    assertThat(sms.http().get("/api/v1/files/" + second).body()).isEqualTo(WASM_HEADER);
    sms.http().delete("/api/v1/files/" + second);
    assertThat(blobFiles()).isEmpty();
  }

  @Test
  void unknownOrMalformedIdsAreNotFoundAndNeverLeaveTheBlobDirectory() throws IOException {
    Path secret = sms.dataDir().resolve("secret.txt");
    Files.writeString(secret, "do not serve");
    for (String id :
        new String[] {
          java.util.UUID.randomUUID().toString(),
          "not-a-uuid",
          "..%2Fsecret.txt",
          "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          "..%5Csecret.txt",
          "sms.db"
        }) {
      Answer answer = sms.http().get("/api/v1/files/" + id);
      assertThat(answer.status()).as(id).isEqualTo(404);
      assertThat(answer.text()).as(id).doesNotContain("do not serve").contains("NOT_FOUND");
      assertThat(sms.http().get("/api/v1/files/" + id + "/meta").status()).as(id).isEqualTo(404);
      assertThat(sms.http().delete("/api/v1/files/" + id).status()).as(id).isEqualTo(404);
    }
    assertThat(sms.http().get("/api/v1/files/../etc/passwd").status()).isEqualTo(404);
  }

  private Answer upload(byte[] bytes, Map<String, String> headers) {
    return sms.http().post("/api/v1/files", bytes, headers);
  }

  private void assertNothingStored() {
    assertThat(sms.http().get("/api/v1/files").json().get("total_count").asLong()).isZero();
    try {
      assertThat(blobFiles()).isEmpty();
      try (Stream<Path> staging = Files.list(sms.dataDir().resolve("blobs").resolve("tmp"))) {
        assertThat(staging).isEmpty();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private java.util.List<Path> blobFiles() throws IOException {
    Path blobs = sms.dataDir().resolve("blobs");
    try (Stream<Path> files = Files.walk(blobs)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
          .toList();
    }
  }

  static void assertError(Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    JsonNode body = answer.json();
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }

  @SuppressWarnings("unused")
  private static InputStream stream(byte[] b) {
    return new ByteArrayInputStream(b);
  }
}
