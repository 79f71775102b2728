/*
 * Exercises the cchat_* host calls; prints one key=value per line on stdout.
 *
 *   chat_probe send <flags> <prompt> [<json param object>...]
 *       one session, params set from each {"key":..,"value":..} argument, one send; prints the
 *       descriptors, the response (read first with a 16-byte buffer to see -28) and the metrics.
 *   chat_probe errors
 *       every error path that needs no backend.
 *   chat_probe tools <prompt> [<json param object>...]
 *       registers the guest tools `sum`, `fail` and `shout` and sends with AUTO_TOOL_CALL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spear_chat.h"

static char arena[128 * 1024];
static char out[256 * 1024];

static int32_t message(int32_t fd, const char *role, const char *text) {
  return sp_chat_message(fd, SP_PTR(role), (int32_t)strlen(role), SP_PTR(text), (int32_t)strlen(text));
}

static int32_t param(int32_t fd, const char *json) {
  uint32_t len = (uint32_t)strlen(json);
  return sp_chat_ctl(fd, SP_CCHAT_SET_PARAM, SP_PTR(json), SP_PTR(&len));
}

static int32_t param_int(int32_t fd, const char *key, long long value) {
  char buf[128];
  snprintf(buf, sizeof buf, "{\"key\":\"%s\",\"value\":%lld}", key, value);
  return param(fd, buf);
}

static void print_response(int32_t resp) {
  uint32_t len = 16;
  int32_t rc = sp_chat_recv(resp, SP_PTR(out), SP_PTR(&len));
  printf("recv_small=%d\nneeded=%u\n", rc, len);
  len = sizeof out - 1;
  rc = sp_chat_recv(resp, SP_PTR(out), SP_PTR(&len));
  printf("recv=%d\n", rc);
  if (rc >= 0) {
    out[rc] = 0;
    printf("response=%s\n", out);
  }
  len = sizeof out - 1;
  rc = sp_chat_ctl(resp, SP_CCHAT_GET_METRICS, SP_PTR(out), SP_PTR(&len));
  if (rc >= 0) {
    out[rc] = 0;
    printf("metrics=%s\n", out);
  } else {
    printf("metrics_rc=%d\n", rc);
  }
}

/* Tool: {"a":x,"b":y} -> {"sum":x+y}; logs through spear.log while cchat_send is running. */
static int32_t sum(int32_t args, int32_t args_len, int32_t outp, int32_t out_len_ptr) {
  const char *json = (const char *)(uintptr_t)args;
  const char *a = strstr(json, "\"a\":");
  const char *b = strstr(json, "\"b\":");
  long x = a ? strtol(a + 4, NULL, 10) : 0;
  long y = b ? strtol(b + 4, NULL, 10) : 0;
  uint32_t cap = *(uint32_t *)(uintptr_t)out_len_ptr;
  char line[128];
  int n = snprintf(line, sizeof line, "sum tool: a=%ld b=%ld cap=%u args_len=%d", x, y, cap, args_len);
  spear_log(2, SP_PTR(line), n);
  n = snprintf((char *)(uintptr_t)outp, cap, "{\"sum\":%ld}", x + y);
  *(uint32_t *)(uintptr_t)out_len_ptr = (uint32_t)n;
  return 0;
}

/* Tool that always fails. */
static int32_t fail(int32_t args, int32_t args_len, int32_t outp, int32_t out_len_ptr) {
  (void)args; (void)args_len; (void)outp; (void)out_len_ptr;
  return -7;
}

/* Tool that first asks for a bigger buffer than offered, then fills it. */
static int32_t shout(int32_t args, int32_t args_len, int32_t outp, int32_t out_len_ptr) {
  (void)args; (void)args_len;
  uint32_t cap = *(uint32_t *)(uintptr_t)out_len_ptr;
  const uint32_t need = 100;
  if (cap != need) {
    *(uint32_t *)(uintptr_t)out_len_ptr = need;
    return SP_ENOSPC;
  }
  memset((char *)(uintptr_t)outp, 'A', need);
  *(uint32_t *)(uintptr_t)out_len_ptr = need;
  return 0;
}

static const char *SUM_DEF =
    "{\"type\":\"function\",\"function\":{\"name\":\"sum\",\"description\":\"Add two integers\","
    "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
    "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}}}";
static const char *FAIL_DEF = "{\"type\":\"function\",\"function\":{\"name\":\"fail\"}}";
static const char *SHOUT_DEF = "{\"type\":\"function\",\"function\":{\"name\":\"shout\"}}";

static int send_mode(int argc, char **argv, int tools) {
  int32_t fd = sp_chat_create();
  printf("session=%d\n", fd);
  int first = tools ? 3 : 4;
  int32_t flags = tools ? SP_CCHAT_AUTO_TOOLS : atoi(argv[2]);
  printf("write_msg=%d\n", message(fd, "user", argv[first - 1]));
  for (int i = first; i < argc; i++) {
    printf("param=%d\n", param(fd, argv[i]));
  }
  if (tools) {
    printf("arena_ptr=%d\n", param_int(fd, "tool_arena_ptr", SP_PTR(arena)));
    printf("arena_len=%d\n", param_int(fd, "tool_arena_len", (long long)sizeof arena));
    printf("write_fn_sum=%d\n", sp_chat_tool(fd, SP_PTR(sum), SP_PTR(SUM_DEF), (int32_t)strlen(SUM_DEF)));
    printf("write_fn_fail=%d\n", sp_chat_tool(fd, SP_PTR(fail), SP_PTR(FAIL_DEF), (int32_t)strlen(FAIL_DEF)));
    printf("write_fn_shout=%d\n", sp_chat_tool(fd, SP_PTR(shout), SP_PTR(SHOUT_DEF), (int32_t)strlen(SHOUT_DEF)));
  }
  int32_t resp = sp_chat_send(fd, flags);
  printf("response_fd=%d\n", resp);
  if (resp < 0) {
    return 1;
  }
  print_response(resp);
  printf("close_response=%d\n", sp_chat_close(resp));
  printf("close_session=%d\n", sp_chat_close(fd));
  return 0;
}

static int errors_mode(void) {
  int32_t fd = sp_chat_create();
  printf("session=%d\n", fd);
  printf("write_msg_bad_fd=%d\n", message(4242, "user", "x"));
  printf("write_msg_bad_ptr=%d\n", sp_chat_message(fd, 0x7ffffff0, 16, SP_PTR("x"), 1));
  printf("write_msg_negative_len=%d\n", sp_chat_message(fd, SP_PTR("user"), -1, SP_PTR("x"), 1));
  printf("write_fn_bad_fd=%d\n", sp_chat_tool(4242, 1, SP_PTR("{}"), 2));
  printf("ctl_bad_cmd=%d\n", sp_chat_ctl(fd, 99, 0, 0));
  printf("param_not_json=%d\n", param(fd, "not json"));
  printf("param_empty_key=%d\n", param(fd, "{\"key\":\"\",\"value\":1}"));
  printf("param_bad_fd=%d\n", sp_chat_ctl(4242, SP_CCHAT_SET_PARAM, SP_PTR("{\"key\":\"model\",\"value\":\"m\"}"), SP_PTR(&(uint32_t){29})));
  printf("param_bad_len_ptr=%d\n", sp_chat_ctl(fd, SP_CCHAT_SET_PARAM, SP_PTR("{}"), 0x7ffffffc));
  printf("param_task_key=%d\n", param(fd, "{\"key\":\"mcp.task_tool_allowlist\",\"value\":[]}"));
  printf("param_mcp_enabled_not_bool=%d\n", param(fd, "{\"key\":\"mcp.enabled\",\"value\":\"yes\"}"));
  printf("param_mcp_enabled=%d\n", param(fd, "{\"key\":\"mcp.enabled\",\"value\":true}"));
  printf("param_mcp_servers_not_array=%d\n", param(fd, "{\"key\":\"mcp.server_ids\",\"value\":\"fs\"}"));
  printf("param_mcp_servers=%d\n", param(fd, "{\"key\":\"mcp.server_ids\",\"value\":[\"fs\"]}"));
  printf("param_ok=%d\n", param(fd, "{\"key\":\"temperature\",\"value\":0.5}"));
  uint32_t len = sizeof out;
  printf("recv_on_session=%d\n", sp_chat_recv(fd, SP_PTR(out), SP_PTR(&len)));
  printf("metrics_on_session=%d\n", sp_chat_ctl(fd, SP_CCHAT_GET_METRICS, SP_PTR(out), SP_PTR(&len)));
  printf("recv_unknown=%d\n", sp_chat_recv(4242, SP_PTR(out), SP_PTR(&len)));
  printf("send_unknown=%d\n", sp_chat_send(4242, 0));
  int32_t second = sp_chat_create();
  printf("second_session=%d\n", second);
  printf("close=%d\n", sp_chat_close(second));
  printf("close_again=%d\n", sp_chat_close(second));
  printf("close_unknown=%d\n", sp_chat_close(4242));
  printf("write_after_close=%d\n", message(second, "user", "x"));
  printf("send_after_close=%d\n", sp_chat_send(second, 0));
  printf("third_session=%d\n", sp_chat_create());
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 3 && strcmp(argv[1], "send") == 0) {
    return send_mode(argc, argv, 0);
  }
  if (argc > 2 && strcmp(argv[1], "tools") == 0) {
    return send_mode(argc, argv, 1);
  }
  if (argc > 1 && strcmp(argv[1], "errors") == 0) {
    return errors_mode();
  }
  fprintf(stderr, "usage: chat_probe send <flags> <prompt> [params...] | tools <prompt> [params...] | errors\n");
  return 2;
}
