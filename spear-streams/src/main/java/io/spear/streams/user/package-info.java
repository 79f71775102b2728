/**
 * SPEAR's {@code user_stream_*} host calls: the guest's control descriptor (stream connected,
 * session closed) and stream descriptors over the execution's {@link
 * io.spear.streams.UserStreamHub}.
 */
package io.spear.streams.user;
