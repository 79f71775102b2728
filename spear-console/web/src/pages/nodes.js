import { get } from '../api.js';
import { badge, errorBox, fill, h, pageTitle, shortId, table, when, bytes } from '../ui.js';

function pct(v) {
  return v === undefined || v === null ? '–' : `${Number(v).toFixed(1)} %`;
}

function detail(node, open) {
  const r = node.resource;
  const rows = [
    ['UUID', node.uuid],
    ['Address', `${node.ip_address}:${node.http_port} (port ${node.port})`],
    ['Registered', when(node.registered_at)],
    ['Last heartbeat', when(node.last_heartbeat)],
    ...Object.entries(node.metadata ?? {}).map(([k, v]) => [`metadata ${k}`, v]),
    ...Object.entries(node.health_info ?? {}).map(([k, v]) => [`health ${k}`, v]),
  ];
  if (r) {
    rows.push(['Memory', `${bytes(r.used_memory_bytes)} of ${bytes(r.total_memory_bytes)}`]);
    rows.push(['Disk', `${bytes(r.used_disk_bytes)} of ${bytes(r.total_disk_bytes)}`]);
    rows.push(['Load (1/5/15 min)', `${r.load_average_1m} / ${r.load_average_5m} / ${r.load_average_15m}`]);
  }
  // Refreshes rebuild the table; a node whose details were open stays open.
  const el = h('details', { open: open.has(node.uuid) },
    h('summary', {}, 'Details'),
    h('dl', { class: 'pairs' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])));
  el.addEventListener('toggle', () => (el.open ? open.add(node.uuid) : open.delete(node.uuid)));
  return el;
}

// The LLM backends the node reported at registration (names), else its runtimes.
function llmBackends(node) {
  try {
    const names = JSON.parse(node.metadata?.llm_backends ?? '[]').map((b) => b.name);
    if (names.length) {
      return h('a', { href: '#/ai' }, names.join(', '));
    }
  } catch {
    // an unreadable entry shows as none
  }
  return node.metadata?.runtimes ?? '–';
}

// The hosts the node lets guests reach (its egress.allow), as it reported them.
function egress(node) {
  const entries = (node.metadata?.egress_allow ?? '').split(',').filter((e) => e);
  return entries.length
    ? h('span', { 'data-node-egress': node.uuid }, entries.join(', '))
    : h('span', { 'data-node-egress': node.uuid, class: 'hint' }, 'none');
}

export async function render(main, _params, ctx) {
  const body = h('div', {}, h('p', {}, 'Loading…'));
  main.append(pageTitle('Nodes'),
    h('p', { class: 'lead' }, 'Node agents (Spearlets) registered with this SMS; refreshed every 3 seconds.'),
    body);
  const open = new Set();
  const refresh = async () => {
    try {
      const { nodes } = await get('/api/v1/nodes');
      if (ctx.left) {
        return;
      }
      fill(body, table('Registered nodes',
        ['Node', 'Status', 'Address', 'In flight', 'Instances', 'CPU', 'Memory', 'Disk', 'Load 1m', 'Backends', 'Egress', ''],
        nodes.map((n) => [
          shortId(n.uuid),
          h('span', { 'data-node-status': n.uuid }, badge(n.status)),
          `${n.ip_address}:${n.http_port}`,
          n.health_info?.in_flight ?? '–',
          n.health_info?.instances ?? '–',
          pct(n.resource?.cpu_usage_percent),
          pct(n.resource?.memory_usage_percent),
          pct(n.resource?.disk_usage_percent),
          n.resource ? String(n.resource.load_average_1m) : '–',
          llmBackends(n),
          egress(n),
          detail(n, open),
        ]),
        'No node has registered. Start one with: spear spearlet --sms http://<this host>:8080'));
    } catch (e) {
      fill(body, errorBox(e));
    }
  };
  await refresh();
  ctx.every(3000, refresh);
}
