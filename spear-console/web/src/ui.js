import { idTail } from './ids.js';

// DOM helpers: elements are built with textContent only, never from HTML strings.

/** An element with attributes (on* keys become listeners) and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'style') {
      // Through CSSOM: the Content-Security-Policy refuses style attributes.
      el.style.cssText = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Tells screen readers (and tests) what just happened. */
export function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A fresh text node makes the live region speak even when the message repeats.
  requestAnimationFrame(() => {
    region.textContent = message;
  });
}

/** A message box for an error, with its code; a 401 says that a token is needed and where. */
export function errorBox(error) {
  const code = error?.code ? `${error.code}: ` : '';
  const detail = code + (error?.message ?? String(error));
  if (error?.status === 401) {
    return h('div', { class: 'error token-needed', role: 'alert' },
      h('p', {}, h('strong', {}, 'Token needed. '),
        'This SMS has authentication on: enter an API token in the “API token” field at the top and press Save. ',
        h('button', { type: 'button', onclick: () => document.getElementById('token')?.focus() }, 'Go to the token field')),
      h('p', { class: 'hint' }, detail));
  }
  if (error?.status === 403) {
    return h('p', { class: 'error', role: 'alert' }, h('strong', {}, 'Not allowed. '),
      'The saved token\'s role may not do this: ' + detail);
  }
  return h('p', { class: 'error', role: 'alert' }, detail);
}

/** A page heading that takes focus after navigation. */
export function pageTitle(text) {
  document.title = `${text} · Spear console`;
  return h('h1', { id: 'page-title', tabindex: '-1' }, text);
}

/** A labelled form field; the control gets an id tied to its label. */
export function field(label, control, hint) {
  const id = control.id || 'f-' + Math.random().toString(36).slice(2, 9);
  control.id = id;
  const hintEl = hint ? h('small', { id: id + '-hint', class: 'hint' }, hint) : null;
  if (hintEl) {
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

/** A status badge. */
export function badge(status) {
  return h('span', { class: `badge badge-${status}` }, status);
}

/** Bytes in a human unit. */
export function bytes(n) {
  if (n === undefined || n === null) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Epoch seconds or milliseconds as a local date-time. */
export function when(epoch, unit = 's') {
  if (!epoch) {
    return '–';
  }
  const ms = unit === 's' ? epoch * 1000 : epoch;
  return new Date(ms).toLocaleString();
}

/** Milliseconds as a short duration. */
export function duration(ms) {
  if (ms === undefined || ms === null) {
    return '–';
  }
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** An id by its last characters (a UUIDv7's first ones are its time), the whole id as a tooltip. */
export function shortId(id) {
  return h('code', { title: id }, idTail(id));
}

/** Copies text to the clipboard and says so; when refused, says what to copy by hand. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    announce(`Copied ${text}`);
  } catch {
    announce(`Copy this: ${text}`);
  }
}

/** A button that copies an id; its label names the id for screen readers and tests. */
export function copyIdButton(id) {
  return h('button', { type: 'button', class: 'copy-id', title: `Copy ${id}`, 'aria-label': `Copy id ${id}`, onclick: () => copyText(id) }, 'Copy');
}

/** A table with a caption, column headers and rows of cells. */
export function table(caption, columns, rows, emptyText = 'Nothing here yet.') {
  if (rows.length === 0) {
    return h('p', { class: 'empty' }, emptyText);
  }
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c)))))));
}

/** A button that asks once more before doing something that cannot be undone. */
export function confirmButton(label, confirmLabel, action) {
  let armed = false;
  const button = h('button', { type: 'button', class: 'danger' }, label);
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = confirmLabel;
      button.classList.add('armed');
      return;
    }
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  });
  button.addEventListener('blur', () => {
    armed = false;
    button.textContent = label;
    button.classList.remove('armed');
  });
  return button;
}

/** KEY=VALUE lines as an object; blank lines are skipped. */
export function parsePairs(text, what) {
  const out = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) {
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      throw new Error(`${what}: "${line}" is not KEY=VALUE`);
    }
    out[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return out;
}
