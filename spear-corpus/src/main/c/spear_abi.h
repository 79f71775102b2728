/*
 * The basic family of the `spear` host import module, as the Spear runtime provides it.
 * Written for this corpus from the documented ABI (module "spear"; i64/i32 values only).
 */
#ifndef SPEAR_CORPUS_ABI_H
#define SPEAR_CORPUS_ABI_H

#include <stdint.h>

#define SPEAR_HOST(fn) __attribute__((import_module("spear"), import_name(fn)))

/* Milliseconds since the Unix epoch. */
SPEAR_HOST("time_now_ms") int64_t spear_time_now_ms(void);
/* Seconds since the Unix epoch. */
SPEAR_HOST("wall_time_s") int64_t spear_wall_time_s(void);
/* A random 64-bit value. */
SPEAR_HOST("random_i64") int64_t spear_random_i64(void);
/* Sleeps; stopped early when the execution's time limit or a cancellation ends it. */
SPEAR_HOST("sleep_ms") void spear_sleep_ms(int32_t ms);
/* Appends a line to the execution log: 0 on success, -22 for a bad length, -14 for a bad pointer.
 * Levels: 0 trace, 1 debug, 2 info, 3 warn, 4 error. */
SPEAR_HOST("log") int32_t spear_log(int32_t level, int32_t ptr, int32_t len);

#endif
