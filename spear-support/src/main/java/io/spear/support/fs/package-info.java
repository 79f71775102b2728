/**
 * File-system helpers shared by the servers: folders only their user may read, files replaced
 * whole.
 */
package io.spear.support.fs;
