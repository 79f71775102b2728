/**
 * MCP tool servers for chat guests: the registry mirrored from SMS and one long-lived stdio session
 * per server, through the official MCP Java SDK.
 */
package io.spear.ai.mcp;
