import { get, send } from '../api.js';
import { announce, errorBox, field, fill, h, pageTitle, parsePairs, table, when, badge } from '../ui.js';
import { uploadForm } from './files.js';

function select(id, options, value = '') {
  return h('select', { id }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

function createForm(files, onCreated) {
  const name = h('input', { id: 'task-name', required: true, autocomplete: 'off' });
  const module = select('task-module', [['', 'Choose a module…'], ...files.map((f) => [f.id, `${f.name} (${f.id.slice(0, 8)})`])]);
  const args = h('textarea', { id: 'task-args', rows: '2' });
  const env = h('textarea', { id: 'task-env', rows: '2' });
  const config = h('textarea', { id: 'task-config', rows: '2' });
  const endpoint = h('input', { id: 'task-endpoint', autocomplete: 'off' });
  const description = h('input', { id: 'task-description', autocomplete: 'off' });
  const priority = select('task-priority', [['normal', 'normal'], ['low', 'low'], ['high', 'high'], ['urgent', 'urgent']], 'normal');
  const result = h('div', { role: 'status' });
  const uploader = uploadForm(async (stored) => {
    module.append(h('option', { value: stored.id }, `${stored.name} (${stored.id.slice(0, 8)})`));
    module.value = stored.id;
  });
  const form = h('form', { class: 'grid-form', 'aria-label': 'Register a task' },
    field('Name', name),
    field('Module', module, 'An uploaded file; or upload one below.'),
    field('Arguments', args, 'One per line; argv is the module name, then these.'),
    field('Environment', env, 'KEY=VALUE, one per line.'),
    field('Config', config, 'KEY=VALUE, one per line (e.g. memory_limit_bytes=67108864).'),
    field('Endpoint', endpoint, 'Optional unique name.'),
    field('Description', description),
    field('Priority', priority),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Register task')),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      if (!module.value) {
        throw new Error('Choose or upload a module.');
      }
      const file = files.find((f) => f.id === module.value);
      const body = {
        name: name.value.trim(),
        description: description.value.trim(),
        priority: priority.value,
        endpoint: endpoint.value.trim(),
        capabilities: ['wasm'],
        config: parsePairs(config.value, 'Config'),
        executable: {
          type: 'wasm',
          uri: `sms+file://${module.value}`,
          name: file?.name ?? 'module.wasm',
          args: args.value.split('\n').map((a) => a.trim()).filter((a) => a),
          env: parsePairs(env.value, 'Environment'),
        },
      };
      const { body: answer } = await send('POST', '/api/v1/tasks', body);
      announce(`Registered task ${body.name}`);
      onCreated(answer.task_id);
    } catch (err) {
      fill(result, errorBox(err));
    }
  });
  return h('div', {}, form, h('details', { class: 'inline-upload' }, h('summary', {}, 'Upload a new module'), uploader));
}

export async function render(main, { query }) {
  const list = h('div', {});
  const status = select('filter-status', [['', 'any'], ['registered', 'registered'], ['active', 'active'], ['inactive', 'inactive']], query.get('status') ?? '');
  const priority = select('filter-priority', [['', 'any'], ['low', 'low'], ['normal', 'normal'], ['high', 'high'], ['urgent', 'urgent']], query.get('priority') ?? '');
  const nameFilter = h('input', { id: 'filter-name', type: 'search', placeholder: 'part of a name' });
  const refresh = async () => {
    try {
      const params = new URLSearchParams({ limit: '500' });
      if (status.value) params.set('status', status.value);
      if (priority.value) params.set('priority', priority.value);
      const answer = await get('/api/v1/tasks?' + params);
      const needle = nameFilter.value.trim().toLowerCase();
      const tasks = answer.tasks.filter((t) => !needle || t.name.toLowerCase().includes(needle));
      fill(list, table('Registered tasks', ['Name', 'Status', 'Priority', 'Module', 'Endpoint', 'Registered'],
        tasks.map((t) => [
          h('a', { href: `#/tasks/${t.task_id}` }, t.name),
          badge(t.status),
          t.priority,
          h('code', {}, t.executable?.uri ?? '–'),
          t.endpoint || '–',
          when(t.registered_at),
        ]),
        'No task matches.'));
    } catch (e) {
      fill(list, errorBox(e));
    }
  };
  for (const control of [status, priority]) {
    control.addEventListener('change', refresh);
  }
  nameFilter.addEventListener('input', refresh);
  const { files } = await get('/api/v1/files?limit=500');
  main.append(pageTitle('Tasks'),
    h('section', { 'aria-labelledby': 'tasks-h' },
      h('h2', { id: 'tasks-h' }, 'Registered tasks'),
      h('form', { class: 'filters', 'aria-label': 'Filter tasks', onsubmit: (e) => e.preventDefault() },
        field('Status', status), field('Priority', priority), field('Name contains', nameFilter)),
      list),
    h('section', { 'aria-labelledby': 'new-h' },
      h('h2', { id: 'new-h' }, 'New task'),
      createForm(files, (id) => {
        location.hash = `#/tasks/${id}`;
      })));
  await refresh();
}
