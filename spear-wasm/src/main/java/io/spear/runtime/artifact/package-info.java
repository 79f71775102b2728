/**
 * Where module bytes come from ({@code module_bytes} or an SMS download) and the checks they pass
 * before parsing: the WASM magic and the declared SHA-256.
 */
package io.spear.runtime.artifact;
