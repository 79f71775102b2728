;; Imports from a module no runtime provides: must fail at creation.
(module
  (import "env" "host_thing" (func $thing (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $thing (i32.const 1))))
