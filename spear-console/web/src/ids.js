// How ids are shown: by their random tail. A UUIDv7 starts with its timestamp, so the first
// characters of ids made minutes apart read the same; the last ones tell them apart.

/** The last {@code length} characters of an id after an ellipsis (the whole id when short). */
export function idTail(id, length = 8) {
  const text = id ?? '';
  return text.length <= length ? text : `…${text.slice(-length)}`;
}
