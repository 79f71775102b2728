package io.spear.sms.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with a connection; may throw {@link SQLException}. */
@FunctionalInterface
public interface SqlWork<T> {
  /** Does the work. */
  T run(Connection connection) throws SQLException;
}
