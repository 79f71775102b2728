// A small client of the SMS REST API on this origin; every request carries the saved token.
// The token lives in sessionStorage: it is gone when the tab closes, and other tabs or sites
// never see it. The log follows by polling with fetch, so no token ever goes in a URL.

const TOKEN_KEY = 'spear.console.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function saveToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** An error answer of the API: its HTTP status, stable code, message and whole body. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error ?? 'HTTP_' + status;
    this.body = body ?? {};
  }
}

function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  const t = token();
  if (t) {
    h.Authorization = 'Bearer ' + t;
  }
  return h;
}

async function parse(response) {
  const text = await response.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: text };
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/** GET a JSON resource. */
export async function get(path) {
  return parse(await fetch(path, { headers: headers() }));
}

/** Sends JSON (or nothing) with a method; answers the JSON body and the response's headers. */
export async function send(method, path, json) {
  const init = { method, headers: headers(json === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
  }
  const response = await fetch(path, init);
  const body = await parse(response);
  return { body, headers: response.headers, status: response.status };
}

/** GET raw bytes (a key-value value); answers them with the response's headers. */
export async function getBytes(path) {
  const response = await fetch(path, { headers: headers({ Accept: '*/*' }) });
  if (!response.ok) {
    await parse(response);
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
}

/**
 * Fetches a file with the token and hands it to the browser as a download: a plain link cannot
 * carry the Authorization header, and the token never goes in a URL.
 */
export async function download(path, fallbackName) {
  const response = await fetch(path, { headers: headers({ Accept: '*/*' }) });
  if (!response.ok) {
    await parse(response);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has the blob once the download started; the object URL can go a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** Uploads a file as the raw body, reporting progress as a fraction; answers the upload result. */
export function upload(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/files');
    for (const [k, v] of Object.entries(headers({ 'X-File-Name': file.name, 'Content-Type': 'application/wasm' }))) {
      xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        onProgress(e.loaded / e.total);
      }
    };
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { message: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body);
      } else {
        reject(new ApiError(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, { message: 'network error during upload' }));
    xhr.send(file);
  });
}

/** Text as base64 of its UTF-8 bytes. */
export function toBase64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary);
}

/** Base64 of UTF-8 bytes as text (invalid sequences replaced). */
export function fromBase64(b64) {
  if (!b64) {
    return '';
  }
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
