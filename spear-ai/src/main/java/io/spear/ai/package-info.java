/**
 * The node's AI services: LLM chat backends chosen by SPEAR's routing rules, and MCP tool servers,
 * offered to the runtime as {@link io.spear.runtime.host.HostServices}.
 */
package io.spear.ai;
