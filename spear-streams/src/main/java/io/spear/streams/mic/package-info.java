/**
 * SPEAR's {@code mic_*} host calls: a microphone descriptor that delivers PCM16 frames at real-time
 * pace from the node's configured device file or from a stub, with readiness in the execution's
 * shared fd table.
 */
package io.spear.streams.mic;
