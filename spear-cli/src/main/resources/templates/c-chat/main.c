/*
 * {{name}}: a Spear function that asks a language model. The question is the invocation's input
 * (stdin), the answer its output. The model may call `add`, a C function of this guest, while
 * the host runs the chat (SPEAR_CHAT_SEND_AUTO_TOOLS).
 *
 * The node needs an LLM backend in its --config, e.g.
 *   llm:
 *     credentials: [{name: openai, kind: env, api_key_env: OPENAI_API_KEY}]
 *     backends:
 *       - {name: openai, kind: openai_chat_completion, base_url: https://api.openai.com/v1,
 *          credential_ref: openai, features: [supports_tools]}
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spear.h"

static const char ADD_TOOL[] =
    "{\"type\":\"function\",\"function\":{\"name\":\"add\","
    "\"description\":\"Adds two integers.\","
    "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
    "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}}}";

/* Where the host writes tool arguments and reads tool results. */
static char tool_arena[64 * 1024];

static long long number_field(const char *json, const char *key) {
  char pattern[32];
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  const char *at = strstr(json, pattern);
  return at ? strtoll(at + strlen(pattern), NULL, 10) : 0;
}

/* The tool: {"a":2,"b":3} -> {"sum":5}. */
static int32_t add(const char *args, int32_t args_len, char *out, uint32_t *out_len) {
  (void)args_len;
  long long a = number_field(args, "a"), b = number_field(args, "b");
  int n = snprintf(out, *out_len, "{\"sum\":%lld}", a + b);
  if (n < 0) return -SPEAR_EINVAL;
  if ((uint32_t)n >= *out_len) {
    *out_len = (uint32_t)n + 1;
    return -SPEAR_ENOSPC;
  }
  *out_len = (uint32_t)n;
  spear_infof("add(%lld, %lld) = %lld", a, b, a + b);
  return 0;
}

/* Prints the first "content" string of the response, unescaping the common escapes. */
static int print_content(const char *json) {
  const char *at = strstr(json, "\"content\":\"");
  if (at == NULL) return 0;
  for (const char *p = at + strlen("\"content\":\""); *p && *p != '"'; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      putchar(*p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
    } else {
      putchar(*p);
    }
  }
  putchar('\n');
  return 1;
}

int main(void) {
  static char question[16 * 1024];
  size_t n = fread(question, 1, sizeof question - 1, stdin);
  question[n] = 0;
  if (n == 0) strcpy(question, "What is 2 + 3?");
  const char *model = getenv("MODEL");

  int32_t chat = spear_chat_create();
  if (chat < 0) {
    fprintf(stderr, "cchat_create: %s\n", spear_strerror(chat));
    return 1;
  }
  spear_chat_message(chat, "system", "Answer briefly. Use the add tool to add numbers.");
  spear_chat_message(chat, "user", question);
  if (model != NULL && *model) spear_chat_set_param_string(chat, "model", model);
  spear_chat_tool(chat, add, ADD_TOOL);
  spear_chat_set_tool_arena(chat, tool_arena, sizeof tool_arena);

  int32_t response = spear_chat_send(chat, SPEAR_CHAT_SEND_AUTO_TOOLS);
  if (response < 0) {
    fprintf(stderr, "cchat_send: %s\n", spear_strerror(response));
    return 1;
  }
  uint32_t len;
  int32_t rc;
  char *json = spear_chat_recv_alloc(response, &len, &rc);
  spear_chat_close(response);
  spear_chat_close(chat);
  if (json == NULL) {
    fprintf(stderr, "cchat_recv: %s\n", spear_strerror(rc));
    return 1;
  }
  // Backend failures arrive as {"error": {...}} in the response, not as an error code.
  int ok = strncmp(json, "{\"error\"", 8) != 0 && print_content(json);
  if (!ok) fprintf(stderr, "no answer: %s\n", json);
  free(json);
  return ok ? 0 : 1;
}
