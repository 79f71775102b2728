/**
 * The key-value host calls ({@code kv_get}, {@code kv_set}, {@code kv_cas}, ...): a guest keeps
 * state on SMS in its task's namespace, through the node's {@link io.spear.client.kv.KvClient}.
 */
package io.spear.host.kv;
