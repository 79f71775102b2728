/**
 * Spear inside another JVM application: {@link io.spear.embedded.EmbeddedSpear} starts SMS and a
 * node in process and hands out the typed client that drives them.
 */
package io.spear.embedded;
