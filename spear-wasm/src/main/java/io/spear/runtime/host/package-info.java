/**
 * Services outside the runtime that host calls use: LLM chat completion and MCP tools. The runtime
 * defines these interfaces and the node passes implementations in through {@link
 * io.spear.runtime.RuntimeConfig}; the runtime itself opens no network connections for them.
 */
package io.spear.runtime.host;
