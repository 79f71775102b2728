/**
 * What SMS and a Spearlet share to answer the HTTP trigger ({@code /h/{endpoint}/...}, WAGI): its
 * routes, the headers that never cross a hop, the headers SMS forwards the client's side with, the
 * per-endpoint rate limit, and cutting off a response that cannot end well.
 */
package io.spear.http.trigger;
