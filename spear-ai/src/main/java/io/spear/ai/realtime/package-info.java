/**
 * Realtime speech recognition backends: the {@code openai_realtime_ws} kind speaking the OpenAI
 * Realtime protocol over a WebSocket, and the routing of a guest's {@code rtasr} CONNECT to one.
 */
package io.spear.ai.realtime;
