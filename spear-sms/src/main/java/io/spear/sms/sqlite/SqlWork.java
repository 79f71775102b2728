package io.spear.sms.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with a connection; may throw {@link SQLException}. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
