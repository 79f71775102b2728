package io.spear.sms.jdbc;

import io.spear.model.json.Json;
import io.spear.model.mcp.McpServerSpec;
import io.spear.sms.mcp.McpServerStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** MCP servers as SQLite rows holding the spec as JSON. */
public final class JdbcMcpServerStore implements McpServerStore {

  private final Database db;
  private final InstantSource clock;

  public JdbcMcpServerStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public boolean put(McpServerSpec spec) {
    return db.write(
        c -> {
          boolean existed =
              Sql.number(c, "SELECT COUNT(*) FROM mcp_servers WHERE server_id = ?", spec.serverId())
                  > 0;
          Sql.update(
              c,
              "INSERT INTO mcp_servers (server_id, updated_at, document) VALUES (?,?,?)"
                  + " ON CONFLICT(server_id) DO UPDATE SET updated_at = excluded.updated_at,"
                  + " document = excluded.document",
              spec.serverId(),
              clock.instant().toEpochMilli(),
              Json.write(spec));
          return existed;
        });
  }

  @Override
  public Optional<McpServerSpec> find(String serverId) {
    return db.read(
        c ->
            Sql.one(
                c,
                "SELECT document FROM mcp_servers WHERE server_id = ?",
                JdbcMcpServerStore::spec,
                serverId));
  }

  @Override
  public List<McpServerSpec> list() {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT document FROM mcp_servers ORDER BY server_id",
                JdbcMcpServerStore::spec));
  }

  @Override
  public boolean delete(String serverId) {
    return db.write(
        c -> Sql.update(c, "DELETE FROM mcp_servers WHERE server_id = ?", serverId) > 0);
  }

  private static McpServerSpec spec(ResultSet r) throws SQLException {
    return Json.read(r.getString("document"), McpServerSpec.class);
  }
}
