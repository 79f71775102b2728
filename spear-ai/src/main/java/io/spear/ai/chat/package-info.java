/**
 * SPEAR's chat completion host calls ({@code cchat_*}): sessions and responses as descriptors,
 * parameters, the request to a {@link io.spear.ai.chat.ChatRouter}, and the automatic tool loop
 * that calls back into the guest or into MCP servers.
 */
package io.spear.ai.chat;
