//! Key-value state (`kv_*`) in the task's namespace on SMS (see docs/kv.md): values an agent keeps
//! across invocations. Every call waits on SMS; the guest's CPU slot is given back meanwhile.

use crate::{check, read_grow, sys, Result};

/// The value of `key`, or `None` when the key does not exist.
pub fn get(key: &str) -> Result<Option<Vec<u8>>> {
    let k = key.as_bytes();
    match read_grow(4096, |out, len| unsafe { sys::kv_get(k.as_ptr(), k.len() as i32, out, len) }) {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.0 == sys::ENOENT => Ok(None),
        Err(e) => Err(e),
    }
}

/// The value of `key` and its version (0 with an empty value when the key does not exist).
pub fn get_versioned(key: &str) -> Result<(Vec<u8>, u64)> {
    let k = key.as_bytes();
    let mut version = 0u64;
    let value = read_grow(4096, |out, len| unsafe {
        sys::kv_get_versioned(k.as_ptr(), k.len() as i32, out, len, &mut version as *mut u64 as *mut u8)
    })?;
    Ok((value, version))
}

/// Writes `value` under `key`, whatever it held.
pub fn set(key: &str, value: &[u8]) -> Result<()> {
    let k = key.as_bytes();
    check(unsafe { sys::kv_set(k.as_ptr(), k.len() as i32, value.as_ptr(), value.len() as i32) })?;
    Ok(())
}

/// Writes `value` only if `key` is at `expected_version` (0: only if it does not exist); `Ok(false)`
/// when another version is there (read again and retry).
pub fn cas(key: &str, value: &[u8], expected_version: u64) -> Result<bool> {
    let k = key.as_bytes();
    let rc = unsafe {
        sys::kv_cas(k.as_ptr(), k.len() as i32, value.as_ptr(), value.len() as i32, expected_version as i64)
    };
    if rc == -sys::EAGAIN {
        return Ok(false);
    }
    check(rc)?;
    Ok(true)
}

/// Deletes `key`; `Ok(false)` when it did not exist.
pub fn delete(key: &str) -> Result<bool> {
    let k = key.as_bytes();
    let rc = unsafe { sys::kv_delete(k.as_ptr(), k.len() as i32) };
    if rc == -sys::ENOENT {
        return Ok(false);
    }
    check(rc)?;
    Ok(true)
}

/// The keys starting with `prefix`, in byte order (at most `sys::KV_LIST_MAX_KEYS`).
pub fn list(prefix: &str) -> Result<Vec<String>> {
    let p = prefix.as_bytes();
    let bytes = read_grow(4096, |out, len| unsafe { sys::kv_list(p.as_ptr(), p.len() as i32, out, len) })?;
    Ok(String::from_utf8_lossy(&bytes).lines().map(str::to_owned).collect())
}
