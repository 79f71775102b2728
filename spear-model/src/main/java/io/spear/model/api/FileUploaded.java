package io.spear.model.api;

/**
 * The answer to {@code POST /api/v1/files}.
 *
 * @param success always true
 * @param id the new file's id
 * @param name the name it was given
 * @param len its size in bytes
 * @param sha256 lower-case hex sha256 of its bytes
 * @param uri the URI tasks use to point at it ({@code sms+file://<id>})
 */
public record FileUploaded(
    boolean success, String id, String name, long len, String sha256, String uri) {}
