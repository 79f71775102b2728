/**
 * User-stream sessions on SMS: short-lived single-use tokens kept in the shared store (so any
 * replica can accept a token another issued), the WebSocket proxy to the node running the
 * execution, and the endpoint gateway.
 */
package io.spear.sms.stream;
