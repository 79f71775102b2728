import { get } from '../api.js';
import { badge, copyIdButton, duration, errorBox, field, fill, h, pageTitle, shortId, table, when } from '../ui.js';

const PAGE = 50;
const STATES = ['pending', 'running', 'completed', 'failed', 'timeout', 'cancelled'];

function select(id, options, value) {
  return h('select', { id }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

export async function render(main, { query }, ctx) {
  const [{ tasks }, { nodes }] = await Promise.all([get('/api/v1/tasks?limit=1000'), get('/api/v1/nodes')]);
  const names = new Map(tasks.map((t) => [t.task_id, t.name]));
  const task = select('exec-task', [['', 'any'], ...tasks.map((t) => [t.task_id, t.name])], query.get('task_id') ?? '');
  const status = select('exec-status', [['', 'any'], ...STATES.map((s) => [s, s])], query.get('status') ?? '');
  const node = select('exec-node', [['', 'any'], ...nodes.map((n) => [n.uuid, `${n.ip_address}:${n.http_port} (${n.uuid.slice(0, 8)})`])], query.get('node_uuid') ?? '');
  const list = h('div', {});
  let offset = 0;
  const refresh = async () => {
    try {
      const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
      if (task.value) params.set('task_id', task.value);
      if (status.value) params.set('status', status.value);
      if (node.value) params.set('node_uuid', node.value);
      if (query.get('schedule_id')) params.set('schedule_id', query.get('schedule_id'));
      const answer = await get('/api/v1/executions?' + params);
      if (ctx.left) {
        return;
      }
      const last = Math.min(offset + PAGE, answer.total_count);
      fill(list,
        table('Executions, newest first', ['Execution', 'Task', 'Status', 'Trigger', 'Exit code', 'Duration', 'Node', 'Started'],
          answer.executions.map((e) => [
            h('span', { class: 'id-cell' },
              h('a', { href: `#/executions/${e.execution_id}` }, shortId(e.execution_id)), ' ', copyIdButton(e.execution_id)),
            names.get(e.task_id) ?? e.task_id,
            badge(e.status),
            e.trigger ?? 'api',
            e.exit_code ?? '–',
            duration(e.duration_ms),
            shortId(e.node_uuid),
            when(e.created_at_ms, 'ms'),
          ]),
          'No execution matches.'),
        h('nav', { class: 'pager', 'aria-label': 'Pages of executions' },
          h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); refresh(); } }, 'Newer'),
          h('span', {}, answer.total_count ? `${offset + 1}–${last} of ${answer.total_count}` : ''),
          h('button', { type: 'button', disabled: last >= answer.total_count, onclick: () => { offset += PAGE; refresh(); } }, 'Older')));
    } catch (e) {
      fill(list, errorBox(e));
    }
  };
  for (const control of [task, status, node]) {
    control.addEventListener('change', () => {
      offset = 0;
      refresh();
    });
  }
  main.append(pageTitle('Executions'),
    h('form', { class: 'filters', 'aria-label': 'Filter executions', onsubmit: (e) => e.preventDefault() },
      field('Task', task), field('Status', status), field('Node', node)),
    list);
  await refresh();
  ctx.every(3000, refresh);
}
