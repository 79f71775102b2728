;; A WASI command whose _start never returns: a single block-less `loop br 0`.
;; The time limit and cancellation must stop it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever
      (br $forever))))
