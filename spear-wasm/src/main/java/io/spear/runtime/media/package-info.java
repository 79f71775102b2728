/**
 * Media services of a node that host calls use: realtime speech recognition sessions ({@link
 * io.spear.runtime.media.AsrConnector}), the node's microphone ({@link
 * io.spear.runtime.media.MicDevice}) and the pacing of audio frames ({@link
 * io.spear.runtime.media.FrameScheduler}).
 */
package io.spear.runtime.media;
