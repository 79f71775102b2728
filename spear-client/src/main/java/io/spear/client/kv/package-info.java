/** A blocking client of SMS's key-value API, for the CLI and for nodes serving guests' calls. */
package io.spear.client.kv;
