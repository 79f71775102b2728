;; Declares 8192 initial pages (512 MiB), more than the default 256 MiB task memory limit.
(module
  (memory (export "memory") 8192)
  (func (export "_start")))
