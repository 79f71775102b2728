/**
 * The node's AI services: LLM chat backends chosen by SPEAR's routing rules, and MCP tool servers,
 * offered to the runtime as the {@code cchat_*} host-call family ({@link
 * io.spear.ai.chat.CchatFamily}).
 */
package io.spear.ai;
