import { get } from '../api.js';
import { errorBox, fill, h, pageTitle, duration, table } from '../ui.js';

const WINDOW_MINUTES = 15;

/** Percentile of sorted numbers (nearest rank). */
function percentile(sorted, p) {
  if (sorted.length === 0) {
    return null;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function card(label, value, detail) {
  return h('div', { class: 'card' },
    h('div', { class: 'card-label' }, label),
    h('div', { class: 'card-value' }, value),
    detail ? h('div', { class: 'card-detail' }, detail) : null);
}

/** Invocation figures over the recent executions SMS holds. */
export function summarize(executions, nowMs) {
  const since = nowMs - WINDOW_MINUTES * 60_000;
  const recent = executions.filter((e) => e.created_at_ms >= since);
  const ended = recent.filter((e) => !['pending', 'running'].includes(e.status));
  const failed = ended.filter((e) => e.status !== 'completed');
  const durations = ended.map((e) => e.duration_ms).sort((a, b) => a - b);
  const perMinute = new Array(WINDOW_MINUTES).fill(0);
  for (const e of recent) {
    const slot = WINDOW_MINUTES - 1 - Math.floor((nowMs - e.created_at_ms) / 60_000);
    if (slot >= 0 && slot < WINDOW_MINUTES) {
      perMinute[slot]++;
    }
  }
  const byTask = new Map();
  for (const e of recent) {
    byTask.set(e.task_id, (byTask.get(e.task_id) ?? 0) + 1);
  }
  return {
    total: recent.length,
    perMinute,
    rate: recent.length / WINDOW_MINUTES,
    errorRate: ended.length ? failed.length / ended.length : 0,
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
    topTasks: [...byTask.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5),
  };
}

function sparkline(perMinute) {
  const max = Math.max(1, ...perMinute);
  return h('div', { class: 'spark', role: 'img',
    'aria-label': `Invocations per minute over the last ${WINDOW_MINUTES} minutes: ${perMinute.join(', ')}` },
  perMinute.map((n) => h('span', { style: `height:${Math.round((n / max) * 100)}%`, title: `${n}` })));
}

export async function render(main, _params, ctx) {
  const body = h('div', { class: 'dashboard' }, h('p', {}, 'Loading…'));
  main.append(pageTitle('Dashboard'), body);
  const refresh = async () => {
    try {
      const [stats, list, taskList] = await Promise.all([
        get('/api/v1/cluster/stats'),
        get('/api/v1/executions?limit=1000'),
        get('/api/v1/tasks?limit=1000'),
      ]);
      if (ctx.left) {
        return;
      }
      const names = new Map(taskList.tasks.map((t) => [t.task_id, t.name]));
      const s = stats.stats;
      const sum = summarize(list.executions, Date.now());
      fill(body,
        h('section', { 'aria-labelledby': 'nodes-h' },
          h('h2', { id: 'nodes-h' }, 'Nodes'),
          h('div', { class: 'cards' },
            card('Online', String(s.active_nodes), `of ${s.total_nodes}`),
            card('Offline', String(s.inactive_nodes)),
            card('Average CPU', s.nodes_with_resources ? `${s.average_cpu_usage.toFixed(1)} %` : '–'),
            card('Average memory', s.nodes_with_resources ? `${s.average_memory_usage.toFixed(1)} %` : '–'),
            card('High load', String(s.high_load_nodes)))),
        h('section', { 'aria-labelledby': 'inv-h' },
          h('h2', { id: 'inv-h' }, `Invocations (last ${WINDOW_MINUTES} minutes)`),
          h('div', { class: 'cards' },
            card('Invocations', String(sum.total), `${sum.rate.toFixed(1)} per minute`),
            card('Error rate', `${(sum.errorRate * 100).toFixed(1)} %`),
            card('p50 latency', duration(sum.p50)),
            card('p99 latency', duration(sum.p99))),
          sparkline(sum.perMinute)),
        h('section', { 'aria-labelledby': 'top-h' },
          h('h2', { id: 'top-h' }, 'Top tasks'),
          table('Tasks with the most invocations', ['Task', 'Invocations'],
            sum.topTasks.map(([id, n]) => [
              h('a', { href: `#/tasks/${id}` }, names.get(id) ?? id), String(n)]),
            'No invocations in this window.')));
    } catch (e) {
      fill(body, errorBox(e));
    }
  };
  await refresh();
  ctx.every(5000, refresh);
}
