package io.spear.spearlet.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

class InvocationRequestTest {

  @Test
  void aCallerChosenExecutionIdIsKeptWhenItIsAPlainToken() {
    InvocationRequest request =
        InvocationRequest.fromJson("{\"task_id\": \"t\", \"execution_id\": \"run-1.a_b\"}");
    assertThat(request.executionId()).contains("run-1.a_b");
  }

  @Test
  void aCallerChosenExecutionIdThatIsNotAPlainTokenIsRefusedInWords() {
    for (String bad : new String[] {"../../etc", "a b", "x".repeat(129), ".hidden", "é"}) {
      assertThatThrownBy(
              () ->
                  InvocationRequest.fromJson(
                      "{\"task_id\": \"t\", \"execution_id\": \"" + bad + "\"}"))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("execution_id must be");
    }
  }
}
