import { download, fromBase64, get, send } from '../api.js';
import { announce, badge, duration, errorBox, fill, h, pageTitle, when } from '../ui.js';

const ENDED = new Set(['completed', 'failed', 'timeout', 'cancelled']);

/** The node's view with the output while it holds the execution, else SMS's record. */
async function load(id, node) {
  const nodeQuery = node ? `?node_uuid=${encodeURIComponent(node)}` : '';
  const e = await get(`/api/v1/executions/${encodeURIComponent(id)}/output${nodeQuery}`);
  return { ...e, has_output: e.output_available === true };
}

function logLine(line) {
  const t = new Date(line.ts_ms).toISOString().slice(11, 23);
  return `${t} ${line.stream.padEnd(6)} ${line.level.padEnd(5)} ${line.message}\n`;
}

/**
 * The execution's log from the logs API, read on from a cursor: lines appear while the execution
 * runs (nodes send them as the guest writes them). Polled rather than followed over Server-Sent
 * Events because EventSource cannot send the API token.
 */
function liveLog(id) {
  const pre = h('pre', { id: 'exec-log', class: 'log', tabindex: '0', 'aria-label': 'Execution log' }, '(no log line yet)');
  let cursor = 0;
  let any = false;
  let truncated = false;
  return {
    element: pre,
    async readOn(running) {
      pre.setAttribute('aria-live', running ? 'polite' : 'off');
      for (let page = 0; page < 10; page++) {
        const answer = await get(`/api/v1/executions/${encodeURIComponent(id)}/logs?cursor=${cursor}&limit=1000`);
        if (!answer.lines.length) {
          if (answer.truncated && !truncated) {
            truncated = true;
            pre.append('[log truncated at its size limit]\n');
          }
          return;
        }
        if (!any) {
          pre.textContent = '';
          any = true;
        }
        const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        pre.append(answer.lines.map(logLine).join(''));
        if (atBottom) {
          pre.scrollTop = pre.scrollHeight;
        }
        cursor = answer.next_cursor;
      }
    },
  };
}

/** A button that downloads the whole log (with the saved token), and where its errors show. */
function downloadLog(id) {
  const problem = h('div', {});
  const button = h('button', {
    type: 'button',
    onclick: async () => {
      fill(problem);
      try {
        const name = await download(`/api/v1/executions/${encodeURIComponent(id)}/logs/download`, `${id}.log`);
        announce(`Downloaded ${name}`);
      } catch (err) {
        fill(problem, errorBox(err));
      }
    },
  }, 'Download the log');
  return h('div', { class: 'download' }, h('p', {}, button), problem);
}

export async function render(main, { id, query }, ctx) {
  const node = query.get('node') ?? '';
  const panel = h('div', {});
  const log = liveLog(id);
  const follow = h('input', { type: 'checkbox', id: 'follow', checked: true });
  const controls = h('div', { class: 'actions' });
  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/executions' }, 'Executions'), ' / ', id),
    pageTitle('Execution'),
    h('div', { class: 'follow' }, follow, h('label', { for: 'follow' }, 'Follow while it runs')),
    controls,
    panel,
    h('h2', {}, 'Log'),
    downloadLog(id),
    log.element);
  let lastStatus = '';
  let refreshes = 0;
  const refresh = async () => {
    refreshes++;
    let e;
    try {
      e = await load(id, node);
    } catch (err) {
      fill(panel, errorBox(err));
      return;
    }
    if (ctx.left) {
      return;
    }
    const running = !ENDED.has(e.status);
    fill(controls, running
      ? h('button', { type: 'button', class: 'danger', onclick: async (ev) => {
        ev.target.disabled = true;
        try {
          const { body } = await send('POST', `/api/v1/executions/${encodeURIComponent(id)}/cancel` + (node ? `?node_uuid=${node}` : ''));
          announce(`Execution ${body.status}`);
        } catch (err) {
          controls.append(errorBox(err));
        }
        await refresh();
      } }, 'Cancel execution')
      : null,
    running ? [' ', h('a', { href: `#/chat?execution=${encodeURIComponent(id)}` }, 'Chat with it')] : null);
    const elapsed = e.completed_at_ms ? e.duration_ms : (e.started_at_ms ? Date.now() - e.started_at_ms : null);
    fill(panel,
      h('dl', { class: 'pairs' },
        h('dt', {}, 'Status'), h('dd', { id: 'exec-status' }, badge(e.status)),
        h('dt', {}, 'Task'), h('dd', {}, h('a', { href: `#/tasks/${e.task_id}` }, e.task_id)),
        h('dt', {}, 'Node'), h('dd', {}, e.node_uuid || node || '–'),
        h('dt', {}, 'Exit code'), h('dd', { id: 'exec-exit-code' }, e.exit_code ?? '–'),
        h('dt', {}, 'Error'), h('dd', {}, e.error ? `${e.error}: ${e.message ?? ''}` : '–'),
        h('dt', {}, 'Created'), h('dd', {}, when(e.created_at_ms, 'ms')),
        h('dt', {}, 'Started'), h('dd', {}, when(e.started_at_ms, 'ms')),
        h('dt', {}, 'Ended'), h('dd', {}, when(e.completed_at_ms, 'ms')),
        h('dt', {}, running ? 'Running for' : 'Duration'), h('dd', {}, duration(elapsed)),
        h('dt', {}, 'Output size'), h('dd', {}, `${e.output_size ?? 0} bytes${e.output_truncated ? ' (truncated)' : ''}`)),
      h('h2', {}, 'Output'),
      h('pre', { id: 'exec-output', class: 'output', tabindex: '0' },
        e.has_output ? (fromBase64(e.output_base64) || '(empty)') : '(no longer held by the node)'));
    // SMS learns of an execution from its node's first report, a moment after it started: a
    // running execution's log is read from the next refresh on.
    if (!running || refreshes > 1) {
      try {
        await log.readOn(running);
      } catch (err) {
        if (err.status !== 404) {
          panel.append(errorBox(err));
        }
      }
    }
    if (lastStatus && lastStatus !== e.status) {
      announce(`Execution ${e.status}`);
    }
    lastStatus = e.status;
  };
  await refresh();
  ctx.every(1000, () => {
    if (follow.checked && !ENDED.has(lastStatus)) {
      refresh();
    }
  });
}
