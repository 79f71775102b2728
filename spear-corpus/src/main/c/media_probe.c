/*
 * Exercises the rtasr and mic host calls; prints key=value lines on stdout.
 *
 *   media_probe asr BACKEND    connects over websocket, sends 3 audio chunks and a flush, prints
 *                              every server event as event=...; ends on HUP (rtasr_hup=1)
 *   media_probe asr_none       connects over websocket where no backend fits
 *   media_probe asr_stub       the stub transport: two fake events
 *   media_probe asr_errors     every error path that needs no backend
 *   media_probe mic N          reads N frames of a 16 kHz mono, 20 ms device microphone
 *   media_probe mic_none       a device microphone without a device and without fallback
 *   media_probe mic_stub       a device microphone falling back to stub PCM
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spear_media.h"

static char text[64 * 1024];
static uint8_t buf[256 * 1024];

static int32_t ctl_json(int32_t (*ctl)(int32_t, int32_t, int32_t, int32_t), int32_t fd, int32_t cmd,
                        const char *json) {
  uint32_t len = json ? (uint32_t)strlen(json) : 0;
  return ctl(fd, cmd, SP_PTR(json), SP_PTR(&len));
}

static int32_t get_json(int32_t (*ctl)(int32_t, int32_t, int32_t, int32_t), int32_t fd, int32_t cmd) {
  uint32_t len = sizeof text - 1;
  int32_t n = ctl(fd, cmd, SP_PTR(text), SP_PTR(&len));
  text[n > 0 ? n : 0] = 0;
  return n;
}

static int32_t param(int32_t fd, const char *key, const char *value) {
  char json[512];
  snprintf(json, sizeof json, "{\"key\":\"%s\",\"value\":\"%s\"}", key, value);
  return ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_PARAM, json);
}

static int32_t wait_one(int32_t ep, int32_t *fd, int32_t *ev, int32_t timeout) {
  int32_t rec[2];
  uint32_t len = sizeof rec;
  int32_t n = sp_ep_wait(ep, SP_PTR(rec), SP_PTR(&len), timeout);
  if (n > 0) {
    *fd = rec[0];
    *ev = rec[1];
  }
  return n;
}

static int asr(const char *backend) {
  int32_t ep = sp_ep_create();
  int32_t fd = sp_rtasr_create();
  printf("asr=%d\n", fd);
  sp_ep_ctl(ep, SP_EP_ADD, fd, SP_IN | SP_ERR | SP_HUP);
  param(fd, "transport", "websocket");
  param(fd, "backend", backend);
  param(fd, "model", "probe-transcribe");
  printf("autoflush=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_AUTOFLUSH,
                                    "{\"strategy\":\"server_vad\",\"vad\":{\"silence_ms\":700}}"));
  int16_t pcm[480];
  for (int c = 0; c < 3; c++) {
    for (int i = 0; i < 480; i++) pcm[i] = (int16_t)(c * 1000 + i);
    printf("write=%d\n", sp_rtasr_write(fd, SP_PTR(pcm), sizeof pcm));
  }
  printf("connect=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_CONNECT, NULL));
  printf("flush=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_FLUSH, NULL));
  printf("send_event=%d\n",
         ctl_json(sp_rtasr_ctl, fd, SP_RTA_SEND_EVENT, "{\"type\":\"probe.custom\"}"));
  fflush(stdout);
  for (;;) {
    int32_t rfd, ev;
    int32_t n = wait_one(ep, &rfd, &ev, 20000);
    if (n <= 0) {
      printf("wait=%d\n", n);
      return 1;
    }
    if (ev & SP_IN) {
      uint32_t len = sizeof text - 1;
      int32_t got;
      while ((got = sp_rtasr_read(fd, SP_PTR(text), SP_PTR(&len))) >= 0) {
        text[got] = 0;
        printf("event=%s\n", text);
        len = sizeof text - 1;
      }
      fflush(stdout);
      continue;
    }
    if (ev & SP_HUP) {
      printf("rtasr_hup=1\n");
      printf("write_after_hup=%d\n", sp_rtasr_write(fd, SP_PTR(pcm), 2));
      break;
    }
    if (ev & SP_ERR) {
      get_json(sp_rtasr_ctl, fd, SP_RTA_GET_STATUS);
      printf("rtasr_err=%s\n", text);
      return 2;
    }
  }
  printf("close=%d\n", sp_rtasr_close(fd));
  sp_ep_close(ep);
  return 0;
}

static int asr_none(void) {
  int32_t fd = sp_rtasr_create();
  param(fd, "transport", "websocket");
  printf("connect=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_CONNECT, NULL));
  get_json(sp_rtasr_ctl, fd, SP_RTA_GET_STATUS);
  printf("status=%s\n", text);
  return 0;
}

static int asr_stub(void) {
  int32_t ep = sp_ep_create();
  int32_t fd = sp_rtasr_create();
  sp_ep_ctl(ep, SP_EP_ADD, fd, SP_IN);
  ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_PARAM, "{\"key\":\"stub_event_interval_ms\",\"value\":5}");
  ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_PARAM, "{\"key\":\"stub_event_payload_bytes\",\"value\":84}");
  ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_PARAM, "{\"key\":\"stub_emit_completed_every\",\"value\":2}");
  printf("connect=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_CONNECT, NULL));
  printf("connect_again=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_CONNECT, NULL));
  int16_t pcm[16] = {0};
  printf("write=%d\n", sp_rtasr_write(fd, SP_PTR(pcm), sizeof pcm));
  for (int seen = 0; seen < 2;) {
    int32_t rfd, ev;
    if (wait_one(ep, &rfd, &ev, 20000) <= 0) return 1;
    uint32_t len = sizeof text - 1;
    int32_t got = sp_rtasr_read(fd, SP_PTR(text), SP_PTR(&len));
    if (got > 0) {
      text[got] = 0;
      printf("stub%d=%s\n", ++seen, text);
    }
  }
  printf("close=%d\n", sp_rtasr_close(fd));
  return 0;
}

static int asr_errors(void) {
  int32_t fd = sp_rtasr_create();
  printf("asr=%d\n", fd);
  printf("bad_cmd=%d\n", ctl_json(sp_rtasr_ctl, fd, 99, NULL));
  printf("bad_fd=%d\n", ctl_json(sp_rtasr_ctl, 4242, SP_RTA_FLUSH, NULL));
  printf("set_no_arg=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_PARAM, NULL));
  printf("set_garbage=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_PARAM, "{nope"));
  printf("set_no_key=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_PARAM, "{\"value\":1}"));
  printf("set_queue=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_PARAM,
                                    "{\"key\":\"max_send_queue_bytes\",\"value\":100}"));
  printf("send_garbage=%d\n", ctl_json(sp_rtasr_ctl, fd, SP_RTA_SEND_EVENT, "not json"));
  printf("autoflush_bad=%d\n",
         ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_AUTOFLUSH, "{\"strategy\":\"sometimes\"}"));
  printf("autoflush=%d\n",
         ctl_json(sp_rtasr_ctl, fd, SP_RTA_SET_AUTOFLUSH,
                  "{\"strategy\":\"client_commit\",\"client_commit\":{\"max_buffer_bytes\":64},"
                  "\"flush_on_close\":true}"));
  get_json(sp_rtasr_ctl, fd, SP_RTA_GET_AUTOFLUSH);
  printf("get_autoflush=%s\n", text);
  uint32_t tiny = 4;
  printf("status_small=%d\n", sp_rtasr_ctl(fd, SP_RTA_GET_STATUS, SP_PTR(text), SP_PTR(&tiny)));
  uint8_t audio[80] = {0};
  printf("write=%d\n", sp_rtasr_write(fd, SP_PTR(audio), 80));
  printf("write_full=%d\n", sp_rtasr_write(fd, SP_PTR(audio), 80));
  uint32_t len = sizeof text;
  printf("read_empty=%d\n", sp_rtasr_read(fd, SP_PTR(text), SP_PTR(&len)));
  printf("write_bad_ptr=%d\n", sp_rtasr_write(fd, -1, 8));
  get_json(sp_rtasr_ctl, fd, SP_RTA_GET_STATUS);
  printf("status=%s\n", text);
  printf("fd_kind=%d\n", sp_fd_ctl(fd, SP_FD_GET_KIND, SP_PTR(text), SP_PTR(&len)));
  text[strlen("{\"kind\":\"RtAsr\"}")] = 0;
  printf("kind=%s\n", text);
  printf("close=%d\n", sp_rtasr_close(fd));
  printf("close_again=%d\n", sp_rtasr_close(fd));
  printf("write_closed=%d\n", sp_rtasr_write(fd, SP_PTR(audio), 2));
  int32_t ep = sp_ep_create();
  printf("mic_close_wrong_kind=%d\n", sp_mic_close(ep));
  printf("rtasr_close_wrong_kind=%d\n", sp_rtasr_close(ep));
  return 0;
}

static int mic(int frames) {
  int32_t ep = sp_ep_create();
  int32_t fd = sp_mic_create();
  printf("mic=%d\n", fd);
  sp_ep_ctl(ep, SP_EP_ADD, fd, SP_IN | SP_ERR | SP_HUP);
  printf("set=%d\n", ctl_json(sp_mic_ctl, fd, SP_MIC_SET_PARAM,
                              "{\"sample_rate_hz\":16000,\"channels\":1,\"format\":\"pcm16\","
                              "\"frame_ms\":20,\"source\":\"device\",\"fallback\":{\"to_stub\":false}}"));
  fflush(stdout);
  for (int f = 0; f < frames;) {
    int32_t rfd, ev;
    if (wait_one(ep, &rfd, &ev, 20000) <= 0) {
      printf("timeout\n");
      return 1;
    }
    if (ev & SP_HUP) {
      printf("mic_hup=1\n");
      break;
    }
    uint32_t len = sizeof buf;
    int32_t n = sp_mic_read(fd, SP_PTR(buf), SP_PTR(&len));
    if (n < 0) continue;
    uint32_t sum = 0;
    for (int i = 0; i + 1 < n; i += 2) sum += (uint16_t)(buf[i] | (buf[i + 1] << 8));
    printf("frame%d=%d:%u\n", f++, n, sum);
    fflush(stdout);
  }
  get_json(sp_mic_ctl, fd, SP_MIC_GET_STATUS);
  printf("status=%s\n", text);
  printf("close=%d\n", sp_mic_close(fd));
  return 0;
}

static int mic_none(void) {
  int32_t fd = sp_mic_create();
  printf("set_empty=%d\n", ctl_json(sp_mic_ctl, fd, SP_MIC_SET_PARAM, NULL));
  printf("set_bad_format=%d\n", ctl_json(sp_mic_ctl, fd, SP_MIC_SET_PARAM, "{\"format\":\"opus\"}"));
  printf("set=%d\n", ctl_json(sp_mic_ctl, fd, SP_MIC_SET_PARAM,
                              "{\"source\":\"device\",\"fallback\":{\"to_stub\":false}}"));
  get_json(sp_mic_ctl, fd, SP_MIC_GET_STATUS);
  printf("status=%s\n", text);
  uint32_t len = sizeof buf;
  printf("read_empty=%d\n", sp_mic_read(fd, SP_PTR(buf), SP_PTR(&len)));
  printf("bad_cmd=%d\n", ctl_json(sp_mic_ctl, fd, 9, NULL));
  printf("bad_fd=%d\n", sp_mic_read(4242, SP_PTR(buf), SP_PTR(&len)));
  return 0;
}

static int mic_stub(void) {
  int32_t ep = sp_ep_create();
  int32_t fd = sp_mic_create();
  sp_ep_ctl(ep, SP_EP_ADD, fd, SP_IN | SP_ERR);
  /* AQACAAMABAA= is the PCM16 samples 1, 2, 3, 4. */
  printf("set=%d\n", ctl_json(sp_mic_ctl, fd, SP_MIC_SET_PARAM,
                              "{\"sample_rate_hz\":1000,\"frame_ms\":5,\"source\":\"device\","
                              "\"stub_pcm16_base64\":\"AQACAAMABAA=\"}"));
  int32_t rfd, ev;
  if (wait_one(ep, &rfd, &ev, 20000) <= 0) return 1;
  uint32_t small = 4;
  printf("read_small=%d needed=%u\n", sp_mic_read(fd, SP_PTR(buf), SP_PTR(&small)), small);
  uint32_t len = sizeof buf;
  int32_t n = sp_mic_read(fd, SP_PTR(buf), SP_PTR(&len));
  printf("frame=");
  for (int i = 0; i < n; i += 2) printf("%d,", (int16_t)(buf[i] | (buf[i + 1] << 8)));
  printf("\n");
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "asr")) return asr(argc > 2 ? argv[2] : "");
  if (!strcmp(mode, "asr_none")) return asr_none();
  if (!strcmp(mode, "asr_stub")) return asr_stub();
  if (!strcmp(mode, "asr_errors")) return asr_errors();
  if (!strcmp(mode, "mic")) return mic(argc > 2 ? atoi(argv[2]) : 3);
  if (!strcmp(mode, "mic_none")) return mic_none();
  if (!strcmp(mode, "mic_stub")) return mic_stub();
  printf("unknown mode %s\n", mode);
  return 64;
}
