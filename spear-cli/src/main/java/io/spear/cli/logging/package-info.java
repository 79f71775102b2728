/**
 * Logging for operators: Logback configured in code (no XML to parse at start), text or JSON lines
 * on stderr, levels from flags or the environment.
 */
package io.spear.cli.logging;
