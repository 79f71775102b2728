;; The smallest useful command: an empty _start. Seed for mutation tests.
(module
  (memory (export "memory") 1)
  (func (export "_start")))
