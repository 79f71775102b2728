;; Imports a spear host function this runtime does not provide: must fail at creation.
(module
  (import "spear" "no_such_call" (func $no_such_call (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $no_such_call))))
