;; Valid, but its data segment lies outside its one page of memory: instantiation must fail,
;; which the runtime must report at creation rather than at the first execution.
(module
  (memory (export "memory") 1)
  (data (i32.const 65535) "too far")
  (func (export "_start")))
