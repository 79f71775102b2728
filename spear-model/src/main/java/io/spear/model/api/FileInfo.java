package io.spear.model.api;

/**
 * A stored file's metadata, as listed and as {@code GET /api/v1/files/{id}/meta} answers it.
 *
 * @param id the file's id
 * @param name the name its uploader gave
 * @param len its size in bytes
 * @param sha256 lower-case hex sha256 of its bytes
 * @param contentType the media type its uploader declared
 * @param createdAt when it was stored, epoch seconds
 * @param createdAtMs when it was stored, epoch milliseconds
 * @param uri the URI tasks use to point at it
 */
public record FileInfo(
    String id,
    String name,
    long len,
    String sha256,
    String contentType,
    long createdAt,
    long createdAtMs,
    String uri) {}
