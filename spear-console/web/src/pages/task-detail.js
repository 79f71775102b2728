import { ApiError, fromBase64, get, send, toBase64 } from '../api.js';
import { announce, badge, confirmButton, duration, errorBox, field, fill, h, pageTitle, when } from '../ui.js';

/** The outcome of a run: status, exit code, output and log. */
export function runResult(body, error) {
  const status = body.status ?? (error ? 'failed' : 'completed');
  return h('div', { class: 'run-result', 'aria-label': 'Run result' },
    error ? errorBox(error) : null,
    h('dl', { class: 'pairs' },
      h('dt', {}, 'Status'), h('dd', { id: 'run-status' }, badge(status)),
      h('dt', {}, 'Exit code'), h('dd', { id: 'run-exit-code' }, body.exit_code ?? '–'),
      h('dt', {}, 'Duration'), h('dd', {}, duration(body.duration_ms)),
      h('dt', {}, 'Execution'), h('dd', {}, body.execution_id
        ? h('a', { href: `#/executions/${body.execution_id}` }, body.execution_id) : '–')),
    h('h3', {}, 'Output'),
    h('pre', { id: 'run-output', class: 'output', tabindex: '0' }, fromBase64(body.output_base64) || '(empty)'),
    h('h3', {}, 'Log'),
    h('pre', { id: 'run-log', class: 'log', tabindex: '0' }, body.log || '(empty)'));
}

function runForm(task) {
  const input = h('textarea', { id: 'run-input', rows: '3' });
  const timeout = h('input', { id: 'run-timeout', type: 'number', min: '0', step: '100', value: '30000' });
  const result = h('div', { 'aria-live': 'polite' });
  const run = async (mode) => {
    const request = {
      task_id: task.task_id,
      mode,
      input_base64: toBase64(input.value),
      timeout_ms: Number(timeout.value) || 0,
    };
    fill(result, h('p', {}, mode === 'sync' ? 'Running…' : 'Starting…'));
    try {
      const answer = await send('POST', '/api/v1/invocations', request);
      if (mode === 'async') {
        const node = answer.headers.get('X-Spear-Node');
        announce('Started execution ' + answer.body.execution_id);
        location.hash = `#/executions/${answer.body.execution_id}` + (node ? `?node=${node}` : '');
        return;
      }
      fill(result, runResult(answer.body));
      announce(`Run ${answer.body.status}`);
    } catch (e) {
      fill(result, e instanceof ApiError ? runResult(e.body, e) : errorBox(e));
      announce(`Run failed: ${e.code ?? e.message}`);
    }
  };
  const form = h('form', { 'aria-label': 'Run the task' },
    field('Input (stdin)', input),
    field('Time limit (ms)', timeout, '0 uses the node default.'),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Run'),
      h('button', { type: 'button', onclick: () => run('async') }, 'Run in background')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run('sync');
  });
  return h('div', {}, form, result);
}

export async function render(main, { id }) {
  const task = await get(`/api/v1/tasks/${encodeURIComponent(id)}`);
  const x = task.executable ?? {};
  const rows = [
    ['Id', task.task_id],
    ['Status', badge(task.status)],
    ['Priority', task.priority],
    ['Description', task.description || '–'],
    ['Module', h('code', {}, x.uri ?? '–')],
    ['Arguments', (x.args ?? []).join(' ') || '–'],
    ['Environment', Object.entries(x.env ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '–'],
    ['Config', Object.entries(task.config ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '–'],
    ['Endpoint', task.endpoint || '–'],
    ['Node', task.node_uuid || 'any online node'],
    ['Registered', when(task.registered_at)],
    ['Last result', task.last_result_uri
      ? h('span', {}, badge(task.last_result_status), ' ', when(task.last_completed_at), ' ',
        h('a', { href: `#/executions/${task.last_result_metadata?.execution_id}` }, 'execution'))
      : 'never run'],
  ];
  const deleted = h('div', { role: 'status' });
  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/tasks' }, 'Tasks'), ' / ', task.name),
    pageTitle(`Task ${task.name}`),
    h('dl', { class: 'pairs' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('p', {},
      h('a', { href: `#/executions?task_id=${task.task_id}` }, 'Executions of this task'), ' ',
      task.endpoint ? [h('a', { href: `#/chat?endpoint=${encodeURIComponent(task.endpoint)}` }, 'Chat with its endpoint'), ' '] : null,
      confirmButton('Delete task', `Confirm delete of ${task.name}`, async () => {
        try {
          await send('DELETE', `/api/v1/tasks/${task.task_id}`);
          announce(`Deleted task ${task.name}`);
          location.hash = '#/tasks';
        } catch (e) {
          fill(deleted, errorBox(e));
        }
      })),
    deleted,
    h('section', { 'aria-labelledby': 'run-h' }, h('h2', { id: 'run-h' }, 'Run'), runForm(task)));
}
