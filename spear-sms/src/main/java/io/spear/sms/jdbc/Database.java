package io.spear.sms.jdbc;

/** A relational store's unit of work: reads on a connection, writes in one transaction. */
public interface Database {

  /** Runs work on a connection without a transaction of its own. */
  <T> T read(SqlWork<T> work);

  /** Runs work in one transaction; rolls back on any failure. */
  <T> T write(SqlWork<T> work);

  /** How this database's SQL differs from the other's. */
  SqlDialect dialect();
}
