/** The Spearlet's AI routes. */
package io.spear.spearlet.ai;
