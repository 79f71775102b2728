package io.spear.cli;

import io.spear.http.auth.ServerSecurity;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.execution.ExecutionRetention;
import io.spear.sms.mcp.McpDirectory;
import io.spear.sms.postgres.PostgresUrl;
import io.spear.sms.secret.SecretsKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of an SMS started by {@code spear sms} or {@code spear up}. */
final class SmsOptions {

  @Option(
      names = "--sms-port",
      defaultValue = "8080",
      description = "SMS HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Interface to listen on (default: ${DEFAULT-VALUE}); beyond loopback a --token-file is"
              + " required unless --insecure.")
  String host;

  @Option(
      names = "--data-dir",
      defaultValue = "./data",
      description = "Where the SQLite database and file blobs live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--database-url",
      defaultValue = "${env:SPEAR_DATABASE_URL}",
      converter = Converters.DatabaseUrl.class,
      description =
          "Keep everything in this PostgreSQL database instead of --data-dir, so several SMS"
              + " replicas can share it: postgresql://user:pass@host:port/db or"
              + " jdbc:postgresql://host:port/db?user=…&password=… (default: env"
              + " SPEAR_DATABASE_URL; unset: embedded SQLite).")
  PostgresUrl databaseUrl;

  @Option(
      names = "--max-upload-bytes",
      defaultValue = "64MiB",
      converter = Converters.ByteSize.class,
      description = "Largest file upload accepted (default: ${DEFAULT-VALUE}).")
  long maxUploadBytes;

  @Option(
      names = "--node-heartbeat-timeout",
      defaultValue = "90s",
      description = "A node silent this long is marked offline (default: ${DEFAULT-VALUE}).")
  Duration nodeHeartbeatTimeout;

  @Option(
      names = "--upload-idle-timeout",
      defaultValue = "10s",
      description =
          "An upload whose body stops arriving this long is refused with 408 (default:"
              + " ${DEFAULT-VALUE}).")
  Duration uploadIdleTimeout;

  @Option(
      names = "--kv-max-keys",
      defaultValue = "10000",
      description = "Keys a key-value namespace may hold (default: ${DEFAULT-VALUE}).")
  long kvMaxKeys;

  @Option(
      names = "--execution-retention",
      defaultValue = "168h",
      description =
          "Records of ended executions, with their logs, are deleted this long after they ended"
              + " (default: ${DEFAULT-VALUE}, 7 days; at least 1s). Pending and running ones stay.")
  Duration executionRetention;

  @Option(
      names = "--executions-per-task",
      defaultValue = "10000",
      description =
          "Ended executions' records kept per task, the most recent; older ones are deleted"
              + " (default: ${DEFAULT-VALUE}).")
  int executionsPerTask;

  @Option(
      names = "--mcp-dir",
      description = "Directory of SPEAR-format MCP server files (*.toml) registered at start.")
  Path mcpDir;

  @Option(
      names = "--secrets-key-file",
      description =
          "File holding the base64 of 32 random bytes that seal secrets at rest (or set"
              + " SPEAR_SECRETS_KEY); without a key SMS keeps no secrets.")
  Path secretsKeyFile;

  /** Starts SMS and registers the MCP servers of {@code --mcp-dir}. */
  SmsServer start(ServerSecurity security) {
    Optional<SecretsKey> key;
    try {
      key = SecretsKey.load(Optional.ofNullable(secretsKeyFile), System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
    SmsServer server =
        SecurityOptions.starting(
            "--sms-port",
            host,
            port,
            () -> {
              SmsServer.Builder builder =
                  SmsServer.builder(toConfig())
                      .security(security)
                      .kvMaxKeysPerNamespace(kvMaxKeys)
                      .executionRetention(retention());
              key.ifPresent(builder::secretsKey);
              return builder.start();
            });
    if (mcpDir != null) {
      try {
        McpDirectory.load(mcpDir, server.mcpServers());
      } catch (IllegalArgumentException e) {
        server.close();
        throw new CliException(e.getMessage(), 2);
      }
    }
    return server;
  }

  ExecutionRetention retention() {
    try {
      return new ExecutionRetention(executionRetention, executionsPerTask);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  SmsConfig toConfig() {
    return SmsConfig.defaults()
        .withHost(host)
        .withPort(port)
        .withDataDir(dataDir)
        .withMaxUploadBytes(maxUploadBytes)
        .withNodeHeartbeatTimeout(nodeHeartbeatTimeout)
        .withUploadIdleTimeout(uploadIdleTimeout)
        .withDatabase(Optional.ofNullable(databaseUrl));
  }

  /** Where the data lives, for the start-up line; never a password. */
  String dataLocation() {
    return databaseUrl != null
        ? databaseUrl.toString()
        : dataDir.toAbsolutePath().normalize().toString();
  }
}
