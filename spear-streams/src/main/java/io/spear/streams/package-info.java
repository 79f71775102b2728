/**
 * User streams: SSF v1 frames between WebSocket clients and a running guest. A {@link
 * io.spear.streams.UserStreamBroker} per node holds one {@link io.spear.streams.UserStreamHub} per
 * running execution that uses streams; the data plane attaches client connections to it and the
 * guest's host calls read and write its channels.
 */
package io.spear.streams;
