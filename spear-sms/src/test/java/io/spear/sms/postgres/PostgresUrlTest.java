package io.spear.sms.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

  @Test
  void aLibpqStyleUrlKeepsItsCredentialsApartFromTheJdbcUrl() {
    PostgresUrl url = PostgresUrl.parse("postgresql://spear:p%40ss%3Aword@db:5433/platform");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/platform");
    assertThat(url.user()).contains("spear");
    assertThat(url.password()).contains("p@ss:word");
    assertThat(url.toString()).isEqualTo("postgresql://spear@db:5433/platform");
  }

  @Test
  void aJdbcUrlGivesUpItsUserAndPasswordParametersAndKeepsTheOthers() {
    PostgresUrl url =
        PostgresUrl.parse(
            "jdbc:postgresql://db/platform?user=spear&password=secret&sslmode=require");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/platform?sslmode=require");
    assertThat(url.user()).contains("spear");
    assertThat(url.password()).contains("secret");
    assertThat(url.toString()).doesNotContain("secret");
  }

  @Test
  void aUrlWithoutCredentialsLeavesThemToTheDriver() {
    PostgresUrl url = PostgresUrl.parse("postgres://localhost/spear");
    assertThat(url.user()).isEmpty();
    assertThat(url.password()).isEmpty();
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/spear");
  }

  @Test
  void malformedUrlsAreRefusedWithoutEchoingThePassword() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:hunter2@db/x"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@db"))
        .hasMessageContaining("one database")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hun ter2@db/x"))
        .hasMessageNotContaining("hunter2");
  }
}
