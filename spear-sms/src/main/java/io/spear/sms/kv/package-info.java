/** Key-value state on SMS: namespaced keys with versions, the store and its HTTP API. */
package io.spear.sms.kv;
