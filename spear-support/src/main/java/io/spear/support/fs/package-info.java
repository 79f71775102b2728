/** File-system helpers shared by the servers: folders only their user may read. */
package io.spear.support.fs;
