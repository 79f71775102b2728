/**
 * Media services of a node that host calls use: realtime speech recognition sessions ({@link
 * io.spear.streams.media.AsrConnector}), the node's microphone ({@link
 * io.spear.streams.media.MicDevice}) and the pacing of audio frames ({@link
 * io.spear.streams.media.FrameScheduler}).
 */
package io.spear.streams.media;
