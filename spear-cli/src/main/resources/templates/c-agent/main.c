/*
 * {{name}}: an agent. It owns the endpoint `{{name}}`: WebSocket clients of
 *   ws://<sms>/e/{{name}}/ws  (subprotocol ssf.v1)
 * start it with their first connection and send user messages, one SSF frame each (the console's
 * Chat page and docs/streams/StreamEcho.java do). Each client (stream) has its own conversation:
 * a chat session that keeps every message of the execution, so a turn sees the turns before it.
 * The model may call `add`, a C function of this guest, while the host runs the chat
 * (SPEAR_CHAT_SEND_AUTO_TOOLS). Each answer goes back as one DATA frame with the message's
 * sequence number. The agent ends when the last client disconnects.
 *
 * The node needs an LLM backend in its --config, e.g.
 *   llm:
 *     credentials: [{name: openai, kind: env, api_key_env: OPENAI_API_KEY}]
 *     backends:
 *       - {name: openai, kind: openai_chat_completion, base_url: https://api.openai.com/v1,
 *          credential_ref: openai, features: [supports_tools]}
 * Without one, each answer is a one-line error saying so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spear.h"

#define MAX_READY 32
#define MAX_CONVERSATIONS 32

static const char SYSTEM_PROMPT[] =
    "You are a helpful agent. Answer briefly. Use the add tool to add numbers.";

static const char ADD_TOOL[] =
    "{\"type\":\"function\",\"function\":{\"name\":\"add\","
    "\"description\":\"Adds two integers.\","
    "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
    "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}}}";

/* One client's conversation: its stream and the chat session holding its messages. */
typedef struct {
  int32_t stream;
  int32_t chat;
} conversation;

static conversation conversations[MAX_CONVERSATIONS];
/* Where the host writes tool arguments and reads tool results (one tool call at a time). */
static char tool_arena[64 * 1024];
static char answer[64 * 1024];
static char message[64 * 1024];
static uint8_t scratch[sizeof answer + SPEAR_SSF_HEADER_BYTES + 16];

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

/* Copies the first string value of "key" in `json` into `out`, unescaped: 1 if found. */
static int string_field(const char *json, const char *key, char *out, size_t cap) {
  char pattern[32];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  const char *at = strstr(json, pattern);
  if (at == NULL) return 0;
  size_t n = 0;
  for (const char *p = at + strlen(pattern); *p && *p != '"' && n + 1 < cap; p++) {
    char c = *p;
    if (c == '\\' && p[1]) {
      c = *++p;
      if (c == 'n') c = '\n';
      else if (c == 't') c = '\t';
      else if (c == 'u' && strlen(p) >= 5) {
        char hex[5] = {p[1], p[2], p[3], p[4], 0};
        long code = strtol(hex, NULL, 16);
        c = code < 0x80 ? (char)code : '?';  // enough for a template: ASCII escapes
        p += 4;
      }
    }
    out[n++] = c;
  }
  out[n] = 0;
  return 1;
}

/* A new chat session with the system prompt, the model and the tool: its descriptor, or -errno. */
static int32_t new_chat(void) {
  int32_t chat = spear_chat_create();
  if (chat < 0) return chat;
  const char *model = getenv("MODEL");
  spear_chat_message(chat, "system", SYSTEM_PROMPT);
  if (model != NULL && *model) spear_chat_set_param_string(chat, "model", model);
  spear_chat_tool(chat, add, ADD_TOOL);
  spear_chat_set_tool_arena(chat, tool_arena, sizeof tool_arena);
  return chat;
}

/* Asks the model `text` in the conversation; the answer (or a one-line error) in `answer`. */
static void ask(int32_t chat, const char *text) {
  spear_chat_message(chat, "user", text);
  int32_t response = spear_chat_send(chat, SPEAR_CHAT_SEND_AUTO_TOOLS);
  if (response < 0) {
    snprintf(answer, sizeof answer, "error: cchat_send: %s", spear_strerror(response));
    return;
  }
  uint32_t len;
  int32_t rc;
  char *json = spear_chat_recv_alloc(response, &len, &rc);
  spear_chat_close(response);
  if (json == NULL) {
    snprintf(answer, sizeof answer, "error: cchat_recv: %s", spear_strerror(rc));
    return;
  }
  // Backend failures (no backend, a refused key) arrive as {"error": {...}} in the response.
  if (strncmp(json, "{\"error\"", 8) == 0) {
    char why[1024] = "unknown";
    string_field(json, "message", why, sizeof why);
    for (char *p = why; *p; p++) if (*p == '\n') *p = ' ';
    snprintf(answer, sizeof answer, "error: the model did not answer: %s", why);
  } else if (!string_field(json, "content", answer, sizeof answer)) {
    snprintf(answer, sizeof answer, "error: the model's answer had no text");
  }
  free(json);
}

static conversation *find(int32_t stream) {
  for (int i = 0; i < MAX_CONVERSATIONS; i++) {
    if (conversations[i].stream == stream) return &conversations[i];
  }
  return NULL;
}

/* Answers every message waiting on a conversation's stream: 0 when drained, or -errno. */
static int32_t serve(conversation *c) {
  for (;;) {
    uint32_t len;
    int32_t rc;
    uint8_t *bytes = spear_stream_read_alloc(c->stream, &len, &rc);
    if (bytes == NULL) return rc == -SPEAR_EAGAIN ? 0 : rc;
    spear_ssf_frame in;
    rc = spear_ssf_parse(bytes, len, &in);
    if (rc == 0) {
      uint32_t n = in.data_len < sizeof message - 1 ? in.data_len : sizeof message - 1;
      memcpy(message, in.data, n);
      message[n] = 0;
      ask(c->chat, message);
      rc = spear_stream_send(c->stream, in.stream_id, in.seq, answer, (uint32_t)strlen(answer),
                             scratch, sizeof scratch);
    }
    free(bytes);
    if (rc < 0) return rc;
  }
}

static void connect_client(int32_t ep, uint32_t stream_id) {
  conversation *c = find(0);
  if (c == NULL) {
    spear_warnf("stream %u refused: %d conversations already", stream_id, MAX_CONVERSATIONS);
    return;
  }
  c->stream = spear_stream_open((int32_t)stream_id, SPEAR_STREAM_BIDI);
  c->chat = new_chat();
  if (c->stream < 0 || c->chat < 0) {
    spear_warnf("stream %u: %s", stream_id, spear_strerror(c->stream < 0 ? c->stream : c->chat));
    if (c->stream >= 0) spear_stream_close(c->stream);
    if (c->chat >= 0) spear_chat_close(c->chat);
    c->stream = c->chat = 0;
    return;
  }
  spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_ADD, c->stream, SPEAR_EPOLLIN | SPEAR_EPOLLHUP | SPEAR_EPOLLERR);
  spear_infof("stream %u connected", stream_id);
}

static void disconnect(int32_t ep, conversation *c) {
  spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_DEL, c->stream, 0);
  spear_stream_close(c->stream);
  spear_chat_close(c->chat);
  c->stream = c->chat = 0;
}

int main(void) {
  int32_t ep = spear_epoll_create();
  int32_t ctl = spear_stream_ctl_open();
  if (ep < 0 || ctl < 0) {
    fprintf(stderr, "streams unavailable: %s\n", spear_strerror(ctl < 0 ? ctl : ep));
    return 1;
  }
  spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_ADD, ctl, SPEAR_EPOLLIN | SPEAR_EPOLLHUP);
  for (;;) {
    spear_epoll_event ready[MAX_READY];
    int32_t count = spear_epoll_wait_events(ep, ready, MAX_READY, -1);
    if (count < 0) {
      fprintf(stderr, "epoll_wait: %s\n", spear_strerror(count));
      return 1;
    }
    for (int32_t i = 0; i < count; i++) {
      int32_t fd = ready[i].fd;
      conversation *c = fd == ctl ? NULL : find(fd);
      if (fd == ctl) {
        spear_stream_event event;
        while (spear_stream_next_event(ctl, &event) == 1) {
          if (event.kind == SPEAR_STREAM_EVENT_SESSION_CLOSED) {
            printf("the session ended\n");
            spear_stream_close(ctl);
            spear_epoll_close(ep);
            return 0;
          }
          connect_client(ep, event.stream_id);
        }
      } else if (c == NULL) {
        spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_DEL, fd, 0);
      } else if (ready[i].events & (SPEAR_EPOLLHUP | SPEAR_EPOLLERR)) {
        disconnect(ep, c);
      } else {
        int32_t rc = serve(c);
        if (rc < 0) spear_warnf("stream fd %d: %s", fd, spear_strerror(rc));
      }
    }
  }
}
