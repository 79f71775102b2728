/** Key-value state: the names and limits every side (SMS, clients, nodes) checks alike. */
package io.spear.model.kv;
