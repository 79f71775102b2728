/** MCP tool servers as SMS registers them and Spearlets use them, in SPEAR's format. */
package io.spear.model.mcp;
