;; Imports a spear host function this runtime does not provide (yet): must fail at creation.
(module
  (import "spear" "cchat_create" (func $cchat_create (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $cchat_create))))
