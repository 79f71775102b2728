;; Imports spear.time_now_ms with the wrong type (i32 instead of i64): must fail at creation.
(module
  (import "spear" "time_now_ms" (func $now (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $now))))
