/* Calls every declaration and helper of spear.h, so the compiler checks them all and the built
 * module imports every host call the header declares. Never run: the arguments are not real. */
#include "spear.h"

static int32_t tool(const char *args, int32_t args_len, char *out, uint32_t *out_len) {
  int n = snprintf(out, *out_len, "{\"len\":%d,\"first\":\"%c\"}", args_len, args[0]);
  if (n < 0 || (uint32_t)n >= *out_len) {
    *out_len = (uint32_t)n + 1;
    return -SPEAR_ENOSPC;
  }
  *out_len = (uint32_t)n;
  return 0;
}

static char arena[4096];

int main(int argc, char **argv) {
  (void)argv;
  printf("%lld %lld %lld\n", (long long)spear_time_now_ms(), (long long)spear_wall_time_s(),
         (long long)spear_random_i64());
  spear_sleep_ms(argc);
  spear_log(SPEAR_LOG_INFO, "raw", 3);
  spear_log_str(SPEAR_LOG_DEBUG, "plain");
  spear_debugf("%d", 1);
  spear_infof("%s", "two");
  spear_warnf("%u", 3u);
  spear_errorf("%c", '4');

  int32_t chat = spear_chat_create();
  spear_chat_message(chat, "user", "hi \"there\"\n");
  spear_chat_write_msg(chat, "system", 6, "be brief", 8);
  spear_chat_tool(chat, tool, "{\"type\":\"function\",\"function\":{\"name\":\"tool\"}}");
  spear_chat_write_fn(chat, (int32_t)(uintptr_t)tool, "{}", 2);
  spear_chat_set_param_string(chat, "model", "m\"1");
  spear_chat_set_param_int(chat, "timeout_ms", 1000);
  spear_chat_set_param_raw(chat, "temperature", "0.5");
  spear_chat_set_tool_arena(chat, arena, sizeof arena);
  int32_t response = spear_chat_send(chat, SPEAR_CHAT_SEND_METRICS | SPEAR_CHAT_SEND_AUTO_TOOLS);
  uint32_t len = 0;
  int32_t rc = 0;
  char *text = spear_chat_recv_alloc(response, &len, &rc);
  char *metrics = spear_chat_metrics_alloc(response, &len, &rc);
  char small[8];
  len = sizeof small;
  spear_chat_recv(response, small, &len);
  spear_chat_ctl(response, SPEAR_CHAT_CTL_GET_METRICS, small, &len);
  free(text);
  free(metrics);
  spear_chat_close(response);
  spear_chat_close(chat);

  int32_t ep = spear_epoll_create();
  int32_t ctl = spear_stream_ctl_open();
  spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_ADD, ctl, SPEAR_EPOLLIN | SPEAR_EPOLLHUP);
  spear_fd_set_nonblocking(ctl, 1);
  len = sizeof small;
  spear_fd_ctl(ctl, SPEAR_FD_CTL_GET_KIND, small, &len);
  spear_epoll_event ready[4];
  spear_epoll_wait_events(ep, ready, 4, 0);
  len = sizeof ready;
  spear_epoll_wait(ep, ready, &len, -1);
  spear_stream_event event;
  len = sizeof event;
  spear_stream_ctl_read(ctl, &event, &len);
  if (spear_stream_next_event(ctl, &event) == 1) {
    int32_t stream = spear_stream_open((int32_t)event.stream_id, SPEAR_STREAM_BIDI);
    uint8_t *frame = spear_stream_read_alloc(stream, &len, &rc);
    spear_ssf_frame parsed;
    uint8_t out[256];
    if (frame != NULL && spear_ssf_parse(frame, len, &parsed) == 0) {
      int32_t n = spear_ssf_build(out, sizeof out, SPEAR_SSF_DATA, parsed.stream_id, parsed.seq,
                                  parsed.meta, parsed.meta_len, parsed.data, parsed.data_len);
      if (n > 0) spear_stream_write(stream, out, n);
      spear_stream_send(stream, parsed.stream_id, parsed.seq + 1, "ok", 2, out, sizeof out);
    }
    free(frame);
    len = sizeof out;
    spear_stream_read(stream, out, &len);
    spear_stream_close(stream);
  }
  spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_DEL, ctl, 0);
  spear_stream_close(ctl);
  spear_epoll_close(ep);

  int32_t asr = spear_rtasr_create();
  char param[] = "{\"key\":\"transport\",\"value\":\"websocket\"}";
  len = sizeof param - 1;
  spear_rtasr_ctl(asr, SPEAR_RTASR_SET_PARAM, param, &len);
  len = 0;
  spear_rtasr_ctl(asr, SPEAR_RTASR_CONNECT, NULL, &len);
  int16_t pcm[160] = {0};
  spear_rtasr_write(asr, pcm, (int32_t)sizeof pcm);
  len = sizeof small;
  spear_rtasr_read(asr, small, &len);
  spear_rtasr_close(asr);
  int32_t mic = spear_mic_create();
  len = sizeof small;
  spear_mic_ctl(mic, SPEAR_MIC_GET_STATUS, small, &len);
  len = sizeof pcm;
  spear_mic_read(mic, pcm, &len);
  spear_mic_close(mic);
  const char *req = "{\"url\": \"https://api.example.com/\"}";
  len = sizeof small;
  spear_http_call((const uint8_t *)req, (uint32_t)strlen(req), (uint8_t *)small, &len);
  uint64_t version = 0;
  len = sizeof small;
  spear_kv_get((const uint8_t *)"n", 1, (uint8_t *)small, &len);
  len = sizeof small;
  spear_kv_get_versioned((const uint8_t *)"n", 1, (uint8_t *)small, &len, &version);
  spear_kv_set((const uint8_t *)"n", 1, (const uint8_t *)"1", 1);
  spear_kv_cas((const uint8_t *)"n", 1, (const uint8_t *)"1", 1, (int64_t)version);
  spear_kv_delete((const uint8_t *)"n", 1);
  len = sizeof small;
  spear_kv_list((const uint8_t *)"", 0, (uint8_t *)small, &len);
  puts(spear_strerror(rc));
  return 0;
}
