/**
 * JUnit extensions that start a real platform on free loopback ports for each test: one SMS on
 * SQLite or replicas over one PostgreSQL, and Spearlets registered with it.
 */
package io.spear.testing.platform;
