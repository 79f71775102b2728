package io.spear.sms.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import io.spear.model.json.Json;
import io.spear.sms.Ids;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeRegistration;
import io.spear.sms.node.NodeStatus;
import io.spear.sms.node.NodeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Nodes as SQLite rows. */
final class SqliteNodeStore implements NodeStore {

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final String COLUMNS =
      "uuid, ip_address, port, http_port, status, metadata, health_info, registered_at,"
          + " last_heartbeat";

  private final SqliteDatabase db;

  SqliteNodeStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Node register(NodeRegistration r, Instant now) {
    Node node =
        new Node(
            Ids.next(),
            r.ipAddress(),
            r.port(),
            r.httpPort(),
            NodeStatus.ONLINE,
            r.metadata(),
            Map.of(),
            now,
            now);
    return db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO nodes (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)")) {
            s.setString(1, node.uuid());
            s.setString(2, node.ipAddress());
            s.setInt(3, node.port());
            s.setInt(4, node.httpPort());
            s.setString(5, node.status().wire());
            s.setString(6, Json.write(node.metadata()));
            s.setString(7, Json.write(node.healthInfo()));
            s.setLong(8, now.toEpochMilli());
            s.setLong(9, now.toEpochMilli());
            s.executeUpdate();
          }
          return node;
        });
  }

  @Override
  public Optional<Node> heartbeat(String uuid, Map<String, String> healthInfo, Instant now) {
    boolean updated =
        db.write(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "UPDATE nodes SET status = ?, health_info = ?, last_heartbeat = ?"
                          + " WHERE uuid = ?")) {
                s.setString(1, NodeStatus.ONLINE.wire());
                s.setString(2, Json.write(healthInfo));
                s.setLong(3, now.toEpochMilli());
                s.setString(4, uuid);
                return s.executeUpdate() > 0;
              }
            });
    return updated ? find(uuid) : Optional.empty();
  }

  @Override
  public Optional<Node> find(String uuid) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT " + COLUMNS + " FROM nodes WHERE uuid = ?")) {
            s.setString(1, uuid);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Optional.of(node(r)) : Optional.<Node>empty();
            }
          }
        });
  }

  @Override
  public List<Node> list(Optional<NodeStatus> status) {
    String where = status.isPresent() ? " WHERE status = ?" : "";
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM nodes" + where + " ORDER BY registered_at, uuid")) {
            if (status.isPresent()) {
              s.setString(1, status.get().wire());
            }
            List<Node> nodes = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                nodes.add(node(r));
              }
            }
            return nodes;
          }
        });
  }

  @Override
  public boolean delete(String uuid) {
    return db.write(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM nodes WHERE uuid = ?")) {
            s.setString(1, uuid);
            return s.executeUpdate() > 0;
          }
        });
  }

  @Override
  public int markOfflineBefore(Instant cutoff) {
    return db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE nodes SET status = ? WHERE status = ? AND last_heartbeat < ?")) {
            s.setString(1, NodeStatus.OFFLINE.wire());
            s.setString(2, NodeStatus.ONLINE.wire());
            s.setLong(3, cutoff.toEpochMilli());
            return s.executeUpdate();
          }
        });
  }

  private static Node node(ResultSet r) throws SQLException {
    return new Node(
        r.getString("uuid"),
        r.getString("ip_address"),
        r.getInt("port"),
        r.getInt("http_port"),
        NodeStatus.fromWire(r.getString("status")).orElse(NodeStatus.OFFLINE),
        map(r.getString("metadata")),
        map(r.getString("health_info")),
        Instant.ofEpochMilli(r.getLong("registered_at")),
        Instant.ofEpochMilli(r.getLong("last_heartbeat")));
  }

  private static Map<String, String> map(String json) {
    try {
      return Json.mapper().readValue(json, STRING_MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
