;; A WASI reactor: no _start, an _initialize, and named exports.
;;   greet  : writes "hello from greet, init=<0|1>\n" to stdout (proves _initialize ran)
;;   answer : returns 42
;;   fail   : traps with unreachable
;;   add    : takes parameters, so it cannot be an entry point
;;   bump   : increments a global and returns it; 1 on every fresh instance
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $initialized (mut i32) (i32.const 0))
  (global $counter (mut i32) (i32.const 0))
  ;; iovec at 0: {ptr=16, len=25}
  (data (i32.const 0) "\10\00\00\00\19\00\00\00")
  (data (i32.const 16) "hello from greet, init=0\n")
  (func (export "_initialize")
    (global.set $initialized (i32.const 1)))
  (func (export "greet")
    ;; patch the digit with the init flag: '0' + initialized, at 16 + 23
    (i32.store8 (i32.const 39) (i32.add (i32.const 48) (global.get $initialized)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "answer") (result i32)
    (i32.const 42))
  (func (export "fail")
    unreachable)
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter)))
