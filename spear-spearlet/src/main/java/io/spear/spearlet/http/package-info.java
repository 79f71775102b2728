/** The node's side of guests' {@code http_call}: secrets named in headers, resolved on SMS. */
package io.spear.spearlet.http;
