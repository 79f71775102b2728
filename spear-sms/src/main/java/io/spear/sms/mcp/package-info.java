/** The registry of MCP tool servers that Spearlets offer to chat guests. */
package io.spear.sms.mcp;
