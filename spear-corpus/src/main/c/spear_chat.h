/*
 * The chat completion family of the `spear` host import module (cchat_*), as the Spear runtime
 * provides it. Written for this corpus from the documented ABI: descriptors are i32 (first 1000),
 * errors are negative errno values, pointers are offsets into the guest's memory.
 */
#ifndef SPEAR_CORPUS_CHAT_H
#define SPEAR_CORPUS_CHAT_H

#include <stdint.h>

#include "spear_abi.h"

/* Errors. */
#define SP_EIO (-5)
#define SP_EBADF (-9)
#define SP_EACCES (-13)
#define SP_EFAULT (-14)
#define SP_EINVAL (-22)
#define SP_ENOSPC (-28)

/* cchat_ctl commands. */
#define SP_CCHAT_SET_PARAM 1
#define SP_CCHAT_GET_METRICS 2

/* cchat_send flags. */
#define SP_CCHAT_METRICS 1
#define SP_CCHAT_AUTO_TOOLS 2

/* A new chat session: its descriptor, or a negative errno. */
SPEAR_HOST("cchat_create") int32_t sp_chat_create(void);
/* Appends a message {role, content}. */
SPEAR_HOST("cchat_write_msg")
int32_t sp_chat_message(int32_t fd, int32_t role, int32_t role_len, int32_t text, int32_t text_len);
/* Registers a tool: the function at `table_index` of the exported function table, described by
 * an OpenAI function tool JSON. The function has type (args, args_len, out, out_len_ptr) -> i32. */
SPEAR_HOST("cchat_write_fn")
int32_t sp_chat_tool(int32_t fd, int32_t table_index, int32_t json, int32_t json_len);
/* SET_PARAM reads *arg_len_ptr bytes of {"key":..,"value":..} at arg; GET_METRICS writes there. */
SPEAR_HOST("cchat_ctl")
int32_t sp_chat_ctl(int32_t fd, int32_t cmd, int32_t arg, int32_t arg_len_ptr);
/* Sends the session; returns a response descriptor. Backend errors are JSON in the response. */
SPEAR_HOST("cchat_send") int32_t sp_chat_send(int32_t fd, int32_t flags);
/* Copies the response; *out_len_ptr holds the capacity on entry and the length on return.
 * Returns the length, or -28 with the needed size in *out_len_ptr. */
SPEAR_HOST("cchat_recv") int32_t sp_chat_recv(int32_t fd, int32_t out, int32_t out_len_ptr);
/* Closes a session or response descriptor. */
SPEAR_HOST("cchat_close") int32_t sp_chat_close(int32_t fd);

#define SP_PTR(p) ((int32_t)(uintptr_t)(p))

#endif
