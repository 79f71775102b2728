package io.spear.sms.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.spear.model.api.NodeRegistration;
import io.spear.model.json.Json;
import io.spear.sms.id.Ids;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeStatus;
import io.spear.sms.node.NodeStore;
import io.spear.sms.node.NodeUpdate;
import io.spear.sms.secret.SecretsKey;
import io.spear.support.net.BearerToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nodes as rows. Each change tells the other SMS replicas in its own transaction, where the
 * database can ({@link SqlDialect#notifyNodeChanged}).
 */
public final class JdbcNodeStore implements NodeStore {

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final String SELECT =
      "SELECT uuid, ip_address, port, http_port, status, metadata, health_info, registered_at,"
          + " last_heartbeat, forwarding_secret FROM nodes";

  // A forwarding secret kept sealed under the secrets key starts with this; others are in clear
  // (rows written without a key, or before keys existed), and are read as they are.
  private static final String SEALED = "sealed:";

  private final Database db;
  private final Optional<SecretsKey> key;

  /** Nodes in {@code db}, their forwarding secrets kept as they are. */
  public JdbcNodeStore(Database db) {
    this(db, Optional.empty());
  }

  /** Nodes in {@code db}, their forwarding secrets sealed under {@code key} when there is one. */
  public JdbcNodeStore(Database db, Optional<SecretsKey> key) {
    this.db = db;
    this.key = key;
  }

  @Override
  public Node register(NodeRegistration r, BearerToken forwarding, Instant now) {
    return registerAs(Ids.next(), r, forwarding, now);
  }

  @Override
  public Node registerAs(String uuid, NodeRegistration r, BearerToken forwarding, Instant now) {
    Node node =
        new Node(
            uuid,
            r.ipAddress(),
            r.port(),
            r.httpPort(),
            NodeStatus.ONLINE,
            r.metadata(),
            Map.of(),
            now,
            now,
            forwarding);
    return db.write(
        c -> {
          Sql.update(
              c,
              "INSERT INTO nodes (uuid, ip_address, port, http_port, status, metadata, health_info,"
                  + " registered_at, last_heartbeat, forwarding_secret) VALUES (?,?,?,?,?,?,?,?,?,?)"
                  // A node that kept its uuid across a restart comes back as itself.
                  + " ON CONFLICT (uuid) DO UPDATE SET ip_address = excluded.ip_address,"
                  + " port = excluded.port, http_port = excluded.http_port,"
                  + " status = excluded.status, metadata = excluded.metadata,"
                  + " health_info = excluded.health_info, last_heartbeat = excluded.last_heartbeat,"
                  // Every registration gives the node a new secret.
                  + " forwarding_secret = excluded.forwarding_secret",
              node.uuid(),
              node.ipAddress(),
              node.port(),
              node.httpPort(),
              node.status().wire(),
              Json.write(node.metadata()),
              Json.write(node.healthInfo()),
              now.toEpochMilli(),
              now.toEpochMilli(),
              forwarding.value().map(secret -> seal(uuid, secret)).orElse(null));
          changed(c, node.uuid());
          return Sql.one(c, SELECT + " WHERE uuid = ?", this::node, uuid).orElse(node);
        });
  }

  @Override
  public Optional<Node> heartbeat(String uuid, Map<String, String> healthInfo, Instant now) {
    boolean updated =
        db.write(
            c -> {
              int rows =
                  Sql.update(
                      c,
                      "UPDATE nodes SET status = ?, health_info = ?, last_heartbeat = ?"
                          + " WHERE uuid = ?",
                      NodeStatus.ONLINE.wire(),
                      Json.write(healthInfo),
                      now.toEpochMilli(),
                      uuid);
              if (rows > 0) {
                changed(c, uuid);
              }
              return rows > 0;
            });
    return updated ? find(uuid) : Optional.empty();
  }

  @Override
  public Optional<Node> update(String uuid, NodeUpdate u) {
    return db.write(
        c -> {
          // FOR UPDATE: two replicas updating one node apply one change after the other.
          Optional<Node> found =
              Sql.one(c, SELECT + " WHERE uuid = ?" + db.dialect().forUpdate(), this::node, uuid);
          if (found.isEmpty()) {
            return Optional.<Node>empty();
          }
          Node old = found.get();
          Node updated =
              new Node(
                  old.uuid(),
                  u.ipAddress().orElse(old.ipAddress()),
                  u.port().orElse(old.port()),
                  u.httpPort().orElse(old.httpPort()),
                  u.status().orElse(old.status()),
                  u.metadata().orElse(old.metadata()),
                  old.healthInfo(),
                  old.registeredAt(),
                  old.lastHeartbeat(),
                  old.forwarding());
          Sql.update(
              c,
              "UPDATE nodes SET ip_address = ?, port = ?, http_port = ?, status = ?, metadata = ?"
                  + " WHERE uuid = ?",
              updated.ipAddress(),
              updated.port(),
              updated.httpPort(),
              updated.status().wire(),
              Json.write(updated.metadata()),
              uuid);
          changed(c, uuid);
          return Optional.of(updated);
        });
  }

  @Override
  public Optional<Node> find(String uuid) {
    return db.read(c -> Sql.one(c, SELECT + " WHERE uuid = ?", this::node, uuid));
  }

  @Override
  public List<Node> list(Optional<NodeStatus> status) {
    String order = " ORDER BY registered_at, uuid";
    return db.read(
        c ->
            status.isPresent()
                ? Sql.list(c, SELECT + " WHERE status = ?" + order, this::node, status.get().wire())
                : Sql.list(c, SELECT + order, this::node));
  }

  @Override
  public boolean delete(String uuid) {
    return db.write(
        c -> {
          // A node's resource report goes with it: a node registering again under this uuid
          // starts without one.
          Sql.update(c, "DELETE FROM node_resources WHERE node_uuid = ?", uuid);
          boolean deleted = Sql.update(c, "DELETE FROM nodes WHERE uuid = ?", uuid) > 0;
          if (deleted) {
            changed(c, uuid);
          }
          return deleted;
        });
  }

  // One conditional UPDATE: when several replicas sweep at once, the row lock makes the later ones
  // re-check the condition on the updated row and skip it, so each node is marked (and counted,
  // and logged) by one replica only.
  @Override
  public int markOfflineBefore(Instant cutoff) {
    return db.write(
        c -> {
          List<String> marked =
              Sql.list(
                  c,
                  "UPDATE nodes SET status = ? WHERE status = ? AND last_heartbeat < ?"
                      + " RETURNING uuid",
                  r -> r.getString(1),
                  NodeStatus.OFFLINE.wire(),
                  NodeStatus.ONLINE.wire(),
                  cutoff.toEpochMilli());
          for (String uuid : marked) {
            changed(c, uuid);
          }
          return marked.size();
        });
  }

  private void changed(Connection c, String uuid) throws SQLException {
    db.dialect().notifyNodeChanged(c, uuid);
  }

  private String seal(String uuid, String secret) {
    return key.map(k -> SEALED + k.seal(aad(uuid), secret)).orElse(secret);
  }

  private String open(String uuid, String stored) {
    if (stored == null || !stored.startsWith(SEALED)) {
      return stored;
    }
    if (key.isEmpty()) {
      // Sealed under a key this SMS was not given: no secret to present until the node registers
      // again (and gets a new one).
      return null;
    }
    return key.get().open(aad(uuid), stored.substring(SEALED.length()));
  }

  private static String aad(String uuid) {
    return "node-forwarding-secret:" + uuid;
  }

  private Node node(ResultSet r) throws SQLException {
    String uuid = r.getString("uuid");
    return new Node(
        uuid,
        r.getString("ip_address"),
        r.getInt("port"),
        r.getInt("http_port"),
        NodeStatus.fromWire(r.getString("status")).orElse(NodeStatus.OFFLINE),
        map(r.getString("metadata")),
        map(r.getString("health_info")),
        Instant.ofEpochMilli(r.getLong("registered_at")),
        Instant.ofEpochMilli(r.getLong("last_heartbeat")),
        BearerToken.ofNullable(open(uuid, r.getString("forwarding_secret"))));
  }

  private static Map<String, String> map(String json) {
    try {
      return Json.mapper().readValue(json, STRING_MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
