/** Chat backends: OpenAI-compatible HTTP, Ollama HTTP, and an in-process stub. */
package io.spear.ai.backend;
