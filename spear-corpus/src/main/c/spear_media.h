/*
 * The realtime speech recognition (rtasr) and microphone (mic) families of the `spear` host import
 * module, as the Spear runtime provides them. Written for this corpus from the documented ABI.
 * ctl calls take their argument as the *arg_len_ptr bytes at arg (none when it is 0); GET commands
 * answer JSON into the same buffer: the byte count, or -28 with the needed size in *arg_len_ptr.
 */
#ifndef SPEAR_CORPUS_MEDIA_H
#define SPEAR_CORPUS_MEDIA_H

#include <stdint.h>

#include "spear_stream.h"

#define SP_EIO (-5)

/* rtasr_ctl commands. */
#define SP_RTA_SET_PARAM 1
#define SP_RTA_CONNECT 2
#define SP_RTA_GET_STATUS 3
#define SP_RTA_SEND_EVENT 4
#define SP_RTA_FLUSH 5
#define SP_RTA_CLEAR 6
#define SP_RTA_SET_AUTOFLUSH 7
#define SP_RTA_GET_AUTOFLUSH 8

/* mic_ctl commands. */
#define SP_MIC_SET_PARAM 1
#define SP_MIC_GET_STATUS 2

SPEAR_HOST("rtasr_create") int32_t sp_rtasr_create(void);
SPEAR_HOST("rtasr_ctl") int32_t sp_rtasr_ctl(int32_t fd, int32_t cmd, int32_t arg, int32_t arg_len_ptr);
/* Queues PCM16 audio: the bytes accepted, or -11 when the send queue is full. */
SPEAR_HOST("rtasr_write") int32_t sp_rtasr_write(int32_t fd, int32_t buf, int32_t len);
/* One server event, verbatim, or -11. */
SPEAR_HOST("rtasr_read") int32_t sp_rtasr_read(int32_t fd, int32_t out, int32_t out_len_ptr);
SPEAR_HOST("rtasr_close") int32_t sp_rtasr_close(int32_t fd);

SPEAR_HOST("mic_create") int32_t sp_mic_create(void);
SPEAR_HOST("mic_ctl") int32_t sp_mic_ctl(int32_t fd, int32_t cmd, int32_t arg, int32_t arg_len_ptr);
/* One PCM16 frame, or -11. */
SPEAR_HOST("mic_read") int32_t sp_mic_read(int32_t fd, int32_t out, int32_t out_len_ptr);
SPEAR_HOST("mic_close") int32_t sp_mic_close(int32_t fd);

#endif
