/*
 * spear.http_call, as the Spear runtime provides it (see docs/outbound-http.md). Written for this
 * corpus from the documented ABI.
 */
#ifndef SPEAR_CORPUS_HTTP_H
#define SPEAR_CORPUS_HTTP_H

#include <stdint.h>

/*
 * Sends the request JSON {"method","url","headers","body_base64"|"body","timeout_ms",
 * "follow_redirects"} and writes {"status","headers","body_base64"} to out. *out_len holds out's
 * capacity on entry and the written length on return. 0, or -errno: -28 (the needed size in
 * *out_len; the same request again receives the kept response), -13 policy, -110 timeout, -5
 * connection or TLS, -22 malformed, -14 bad pointer, -27 body over the limit.
 */
__attribute__((import_module("spear"), import_name("http_call")))
int32_t spear_http_call(const uint8_t *req, uint32_t req_len, uint8_t *out, uint32_t *out_len);

#endif
