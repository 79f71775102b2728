/**
 * App manifests ({@code spear.toml} or {@code spear.yaml}) and deploying them to SMS: uploads only
 * missing modules, registers new functions, updates changed ones, optionally removes the rest.
 */
package io.spear.cli.deploy;
