/**
 * The HTTP trigger on SMS: {@code /h/{endpoint}/...} forwarded to a node like an invocation, the
 * node's CGI response streamed back to the client.
 */
package io.spear.sms.trigger;
