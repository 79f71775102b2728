/**
 * The guest SDK ({@code spear.h}) and the templates {@code spear new} scaffolds a guest project
 * from.
 */
package io.spear.cli.scaffold;
