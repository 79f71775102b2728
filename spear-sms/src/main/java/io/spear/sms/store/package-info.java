/**
 * The stores SMS keeps, gathered in one {@link io.spear.sms.store.SmsStore} that the embedded and
 * PostgreSQL stores implement; the composition root decides which one a server opens.
 */
package io.spear.sms.store;
