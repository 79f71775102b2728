/** The wire contract: API records, tasks, executions, errors and their JSON mapping. */
module io.spear.model {
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.uuid;

  exports io.spear.model.api;
  exports io.spear.model.bound;
  exports io.spear.model.egress;
  exports io.spear.model.error;
  exports io.spear.model.execution;
  exports io.spear.model.json;
  exports io.spear.model.kv;
  exports io.spear.model.mcp;
  exports io.spear.model.secret;
  exports io.spear.model.task;

  // Jackson reads and writes the records by reflection.
  opens io.spear.model.api to
      com.fasterxml.jackson.databind;
  opens io.spear.model.error to
      com.fasterxml.jackson.databind;
  opens io.spear.model.execution to
      com.fasterxml.jackson.databind;
  opens io.spear.model.mcp to
      com.fasterxml.jackson.databind;
  opens io.spear.model.task to
      com.fasterxml.jackson.databind;
}
