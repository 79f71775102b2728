;; A start section that never returns. Creating an instance must not run it (it is guest code);
;; an execution runs it under the time limit.
(module
  (memory (export "memory") 1)
  (func $forever
    (loop $again
      (br $again)))
  (start $forever)
  (func (export "_start")))
