/** The {@code llm:} section of a node's config file, with SPEAR's field names. */
package io.spear.ai.config;
