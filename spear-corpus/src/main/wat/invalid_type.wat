;; Well-formed binary that fails validation: the function returns i64 where i32 is declared.
;; Built with `wat2wasm --no-check`.
(module
  (func (export "_start") (result i32)
    (i64.const 7)))
