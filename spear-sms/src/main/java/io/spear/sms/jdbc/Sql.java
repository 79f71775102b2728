package io.spear.sms.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * JDBC statements over one connection: parameters bound in order, rows mapped, resources closed.
 */
public final class Sql {

  /** Turns the current row into a value. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private Sql() {}

  /** Every row of a query. */
  public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params);
        ResultSet r = s.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(mapper.map(r));
      }
      return rows;
    }
  }

  /** The first row of a query, if any. */
  public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params);
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(mapper.map(r)) : Optional.empty();
    }
  }

  /** The single number a {@code SELECT count(*)} or {@code sum} answers. */
  public static long number(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Runs an INSERT, UPDATE or DELETE; answers the rows changed. */
  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params)) {
      return s.executeUpdate();
    }
  }

  /** The most values bound in one {@code IN (...)} list (SQLite allows 32,766 parameters). */
  static final int MAX_IN_LIST = 500;

  /** {@code n} comma-separated parameter markers, for an {@code IN (...)} list. */
  public static String placeholders(int n) {
    return String.join(",", Collections.nCopies(n, "?"));
  }

  /** The values in lists of at most {@link #MAX_IN_LIST}, one {@code IN (...)} query each. */
  public static List<List<String>> chunks(Collection<String> values) {
    List<String> all = List.copyOf(values);
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += MAX_IN_LIST) {
      chunks.add(all.subList(i, Math.min(all.size(), i + MAX_IN_LIST)));
    }
    return chunks;
  }

  /** The parameters followed by more, for queries that add LIMIT/OFFSET to a filter's. */
  public static Object[] plus(List<Object> params, Object... more) {
    List<Object> all = new ArrayList<>(params);
    all.addAll(List.of(more));
    return all.toArray();
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }
}
