/**
 * The Spearlet's user-stream data plane: {@code GET /api/v1/executions/{id}/streams/ws}, one SSF
 * frame per binary WebSocket message, bridged to the execution's hub in the runtime.
 */
package io.spear.spearlet.stream;
