package io.spear.sms.file;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.http.StreamedBody;
import io.spear.model.api.Done;
import io.spear.model.api.FileInfo;
import io.spear.model.api.FileList;
import io.spear.model.api.FileUploaded;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.PayloadTooLargeException;
import io.spear.sms.id.Ids;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The files API: upload, download, metadata, list, delete. */
public final class FileService implements ApiService {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_NAME_LENGTH = 255;
  private static final int SEND_CHUNK = 128 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(FileService.class);

  /** How long an upload's body may stop arriving unless SMS is configured otherwise. */
  public static final Duration DEFAULT_UPLOAD_IDLE_TIMEOUT = Duration.ofSeconds(10);

  private final FileStore store;
  private final long maxUploadBytes;
  private final Duration uploadIdleTimeout;

  /** A service over {@code store} accepting uploads up to {@code maxUploadBytes}. */
  public FileService(FileStore store, long maxUploadBytes) {
    this(store, maxUploadBytes, DEFAULT_UPLOAD_IDLE_TIMEOUT);
  }

  /**
   * A service over {@code store} accepting uploads up to {@code maxUploadBytes} whose bodies may
   * stop arriving for at most {@code uploadIdleTimeout}.
   */
  public FileService(FileStore store, long maxUploadBytes, Duration uploadIdleTimeout) {
    this.store = store;
    this.maxUploadBytes = maxUploadBytes;
    this.uploadIdleTimeout = uploadIdleTimeout;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/files", this::upload),
        Route.get("/api/v1/files", this::list),
        Route.get("/api/v1/files/{id}", this::download),
        Route.get("/api/v1/files/{id}/meta", this::meta),
        Route.delete("/api/v1/files/{id}", this::delete));
  }

  private void upload(Context ctx) {
    long declaredLength = ctx.req().getContentLengthLong();
    // Refuse before reading a byte when the client announces an oversized body.
    if (declaredLength > maxUploadBytes) {
      throw tooLarge(declaredLength);
    }
    UploadRequest request =
        new UploadRequest(fileName(ctx), contentType(ctx), declaredChecksum(ctx), maxUploadBytes);
    FileMeta meta;
    try (StreamedBody body = StreamedBody.of(ctx, uploadIdleTimeout)) {
      meta = store.put(body, request);
    }
    ctx.status(201)
        .json(
            new FileUploaded(true, meta.id(), meta.name(), meta.len(), meta.sha256(), meta.uri()));
  }

  private void download(Context ctx) throws IOException {
    String id = idOf(ctx);
    FileContent content = store.open(id).orElseThrow(() -> notFound(id));
    FileMeta meta = content.meta();
    String etag = "\"" + meta.sha256() + "\"";
    ctx.header("ETag", etag);
    ctx.header("X-Checksum-Sha256", meta.sha256());
    if (etag.equals(ctx.header("If-None-Match"))) {
      closeQuietly(content);
      ctx.status(304);
      return;
    }
    ctx.contentType("application/octet-stream");
    ctx.header("Content-Length", Long.toString(meta.len()));
    try (content) {
      send(content.bytes(), ctx.res().getOutputStream(), meta.len());
    }
  }

  /**
   * Copies the file to the response in chunks of up to {@link #SEND_CHUNK} bytes. Javalin's result
   * copy went through a buffer of its response buffer size (4 KiB here), each chunk copied again
   * into Jetty's output buffer and a socket write per 32 KiB; a chunk this large goes from the
   * buffer to the socket directly. A client that goes away mid-way ends the copy quietly: there is
   * no one left to answer.
   */
  private static void send(InputStream in, OutputStream out, long len) throws IOException {
    byte[] chunk = new byte[(int) Math.min(Math.max(len, 1), SEND_CHUNK)];
    int n;
    while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
      try {
        out.write(chunk, 0, n);
      } catch (IOException e) {
        LOG.debug("download ended by the client: {}", e.toString());
        return;
      }
    }
  }

  private void meta(Context ctx) {
    Optional<String> id = Ids.canonical(ctx.pathParam("id"));
    Optional<FileMeta> meta = id.flatMap(store::find);
    if (meta.isEmpty()) {
      ctx.status(ErrorCode.FILE_NOT_FOUND.httpStatus())
          .json(
              new FileMissing(
                  false,
                  false,
                  ErrorCode.FILE_NOT_FOUND.name(),
                  "file not found: " + ctx.pathParam("id")));
      return;
    }
    ctx.json(new FileFound(true, true, describe(meta.get())));
  }

  private void list(Context ctx) {
    String query = Optional.ofNullable(ctx.queryParam("q")).orElse("").trim();
    Page<FileMeta> page = store.list(query, PageRequest.from(ctx));
    ctx.json(
        new FileList(
            true, page.items().stream().map(FileService::describe).toList(), page.totalCount()));
  }

  private void delete(Context ctx) {
    String id = idOf(ctx);
    if (!store.delete(id)) {
      throw notFound(id);
    }
    ctx.json(new Done(true, "file deleted: " + id));
  }

  /** The answer of {@code GET /api/v1/files/{id}/meta} for a file SMS has. */
  record FileFound(boolean success, boolean found, @JsonUnwrapped FileInfo file) {}

  /** The answer of {@code GET /api/v1/files/{id}/meta} for one it does not have (SPEAR's shape). */
  record FileMissing(boolean success, boolean found, String error, String message) {}

  private static FileInfo describe(FileMeta meta) {
    return new FileInfo(
        meta.id(),
        meta.name(),
        meta.len(),
        meta.sha256(),
        meta.contentType(),
        meta.createdAt().getEpochSecond(),
        meta.createdAt().toEpochMilli(),
        meta.uri());
  }

  private static String idOf(Context ctx) {
    String raw = ctx.pathParam("id");
    return Ids.canonical(raw).orElseThrow(() -> notFound(raw));
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException(ErrorCode.FILE_NOT_FOUND, "file not found: " + id);
  }

  private PayloadTooLargeException tooLarge(long length) {
    return new PayloadTooLargeException(
        "upload of " + length + " bytes exceeds the limit of " + maxUploadBytes + " bytes");
  }

  private static String fileName(Context ctx) {
    String name = Optional.ofNullable(ctx.header("X-File-Name")).orElse("").trim();
    if (name.isEmpty()) {
      return "blob";
    }
    if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException(
          "X-File-Name must be at most " + MAX_NAME_LENGTH + " printable characters");
    }
    return name;
  }

  private static String contentType(Context ctx) {
    String type = ctx.contentType();
    // curl's --data-binary labels every body as a form; a module upload is never one.
    if (type == null || type.isBlank() || type.startsWith("application/x-www-form-urlencoded")) {
      return "application/octet-stream";
    }
    return type.trim();
  }

  private static Optional<String> declaredChecksum(Context ctx) {
    String raw = ctx.header("X-Checksum-Sha256");
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String hex = raw.trim().toLowerCase(Locale.ROOT);
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new InvalidRequestException(
          "X-Checksum-Sha256 must be 64 hexadecimal characters but was '" + raw.trim() + "'");
    }
    return Optional.of(hex);
  }

  private static void closeQuietly(FileContent content) {
    try {
      content.close();
    } catch (java.io.IOException e) {
      // Nothing was sent from the stream; a failure to close a read-only file changes nothing.
    }
  }
}
