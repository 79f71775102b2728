import { get, getBytes, send } from '../api.js';
import { announce, bytes, confirmButton, errorBox, field, fill, h, pageTitle, table, when } from '../ui.js';

// #/kv lists the namespaces; #/kv/<namespace> pages through its keys by prefix, shows a value and
// deletes keys.

const PAGE = 50;

function keyPath(namespace, key) {
  // A key's '/' stay separators: the route takes the rest of the path as the key.
  return `/api/v1/kv/${encodeURIComponent(namespace)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function namespacesTable(answer) {
  return table('Key-value namespaces',
    ['Namespace', 'Keys', 'Values'],
    answer.namespaces.map((n) => [
      h('a', { href: `#/kv/${encodeURIComponent(n.namespace)}` }, n.namespace),
      `${n.keys} of ${answer.max_keys}`,
      bytes(n.bytes),
    ]),
    'No namespace holds keys yet. A task keeps state in the namespace of its kv.namespace config, else its name; write one with spear kv put.');
}

function openForm() {
  const input = h('input', { id: 'kv-open-namespace', required: true, autocomplete: 'off' });
  const form = h('form', { class: 'grid-form', 'aria-label': 'Open a namespace' },
    field('Namespace', input, 'A task\'s kv.namespace, else its name.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Open')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/kv/${encodeURIComponent(input.value.trim())}`;
  });
  return form;
}

/** The value as text when it is UTF-8, else its size. */
function shown(value) {
  try {
    return h('pre', { class: 'output', id: 'kv-value-text' }, new TextDecoder('utf-8', { fatal: true }).decode(value));
  } catch {
    return h('p', { id: 'kv-value-text' }, `${bytes(value.length)} of binary data`);
  }
}

async function showValue(panel, namespace, key) {
  panel.hidden = false;
  fill(panel, h('p', {}, 'Loading…'));
  try {
    const { bytes: value, headers } = await getBytes(keyPath(namespace, key));
    const version = (headers.get('ETag') ?? '').replaceAll('"', '');
    fill(panel,
      h('h2', { id: 'kv-value-title' }, key),
      h('p', {}, `Version ${version}, ${bytes(value.length)}`),
      shown(value));
  } catch (e) {
    fill(panel, errorBox(e));
  }
}

function keysSection(namespace) {
  const prefix = h('input', { id: 'kv-prefix', autocomplete: 'off' });
  const list = h('div', { id: 'kv-keys' }, h('p', {}, 'Loading…'));
  const count = h('p', { id: 'kv-count', role: 'status' });
  const more = h('button', { type: 'button', id: 'kv-more', hidden: true }, 'More keys');
  const panel = h('section', { id: 'kv-value', 'aria-live': 'polite', hidden: true });
  let rows = [];
  let cursor = null;

  const render = () => {
    fill(list, table(`Keys of ${namespace}`,
      ['Key', 'Version', 'Size', 'Written', ''],
      rows.map((k) => [
        h('button', { type: 'button', class: 'link', onclick: () => showValue(panel, namespace, k.key) }, k.key),
        String(k.version),
        bytes(k.size),
        when(k.updated_at_ms, 'ms'),
        confirmButton(`Delete ${k.key}`, `Confirm delete of ${k.key}`, async () => {
          await send('DELETE', keyPath(namespace, k.key));
          announce(`Deleted ${k.key}`);
          fill(panel);
          panel.hidden = true;
          await load(true);
        }),
      ]),
      prefix.value ? `No key starts with ${prefix.value}.` : 'This namespace holds no keys.'));
  };

  const load = async (fresh) => {
    try {
      const params = new URLSearchParams({ prefix: prefix.value, limit: String(PAGE) });
      if (!fresh && cursor) {
        params.set('cursor', cursor);
      }
      const page = await get(`/api/v1/kv/${encodeURIComponent(namespace)}?${params}`);
      rows = fresh ? page.keys : rows.concat(page.keys);
      cursor = page.next_cursor ?? null;
      more.hidden = !cursor;
      fill(count, `${page.count} key${page.count === 1 ? '' : 's'}${prefix.value ? ` starting with ${prefix.value}` : ''}, ${rows.length} shown`);
      render();
    } catch (e) {
      fill(list, errorBox(e));
    }
  };

  const form = h('form', { class: 'grid-form', 'aria-label': 'Filter keys' },
    field('Key prefix', prefix, 'Only keys starting with this, e.g. users/.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load(true);
  });
  more.addEventListener('click', () => load(false));
  // The value shows above the keys, where a click on a key can see it appear.
  return { nodes: [form, panel, count, list, more], load: () => load(true) };
}

export async function render(main, params) {
  if (params.id) {
    const namespace = params.id;
    const section = keysSection(namespace);
    main.append(pageTitle(`Key-value: ${namespace}`),
      h('p', { class: 'lead' }, h('a', { href: '#/kv' }, 'All namespaces')),
      ...section.nodes);
    await section.load();
    return;
  }
  const list = h('div', { id: 'kv-namespaces' }, h('p', {}, 'Loading…'));
  main.append(pageTitle('Key-value'),
    h('p', { class: 'lead' }, 'State functions keep between invocations, by namespace, each key with a version.'),
    list,
    h('h2', {}, 'Open a namespace'),
    openForm());
  try {
    fill(list, namespacesTable(await get('/api/v1/kv')));
  } catch (e) {
    fill(list, errorBox(e));
  }
}
