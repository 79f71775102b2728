/**
 * SPEAR's {@code rtasr_*} host calls: realtime speech recognition sessions whose audio goes to a
 * backend chosen by the node's {@link io.spear.streams.media.AsrConnector} and whose server events
 * the guest reads one by one, with readiness in the execution's shared fd table.
 */
package io.spear.streams.rtasr;
