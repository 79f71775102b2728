/**
 * Named secrets: kept sealed with AES-256-GCM under the operator's key, listed by name only, and
 * handed to a node only for a task that refers to them.
 */
package io.spear.sms.secret;
