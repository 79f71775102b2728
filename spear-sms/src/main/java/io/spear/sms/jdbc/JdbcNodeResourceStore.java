package io.spear.sms.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.spear.model.json.Json;
import io.spear.sms.node.NodeResource;
import io.spear.sms.node.NodeResourceStore;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Node resource reports as rows, only for nodes that exist. */
public final class JdbcNodeResourceStore implements NodeResourceStore {

  private static final String SELECT =
      "SELECT r.document FROM node_resources r JOIN nodes n ON n.uuid = r.node_uuid";

  private final Database db;

  public JdbcNodeResourceStore(Database db) {
    this.db = db;
  }

  @Override
  public void put(NodeResource resource) {
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO node_resources (node_uuid, updated_at, document) VALUES (?,?,?)"
                    + " ON CONFLICT (node_uuid) DO UPDATE SET updated_at = excluded.updated_at,"
                    + " document = excluded.document",
                resource.nodeUuid(),
                resource.updatedAt() * 1000,
                Json.write(resource)));
  }

  @Override
  public Optional<NodeResource> find(String nodeUuid) {
    return db.read(
        c -> Sql.one(c, SELECT + " WHERE r.node_uuid = ?", JdbcNodeResourceStore::row, nodeUuid));
  }

  @Override
  public List<NodeResource> list() {
    return db.read(
        c -> Sql.list(c, SELECT + " ORDER BY n.registered_at, n.uuid", JdbcNodeResourceStore::row));
  }

  private static NodeResource row(ResultSet r) throws SQLException {
    try {
      return Json.mapper().readValue(r.getString("document"), NodeResource.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
