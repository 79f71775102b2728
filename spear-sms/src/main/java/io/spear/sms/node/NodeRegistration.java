package io.spear.sms.node;

import java.util.Map;

/**
 * What a node says about itself when it registers.
 *
 * @param ipAddress where it can be reached
 * @param port its legacy/gRPC port
 * @param httpPort its HTTP port
 * @param metadata free key/value pairs
 */
public record NodeRegistration(
    String ipAddress, int port, int httpPort, Map<String, String> metadata) {}
