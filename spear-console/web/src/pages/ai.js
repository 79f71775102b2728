import { get, send } from '../api.js';
import { announce, confirmButton, errorBox, field, fill, h, pageTitle, shortId, table, badge } from '../ui.js';

function list(values) {
  return (values ?? []).join(', ') || '–';
}

function backendsTable(nodes) {
  const rows = [];
  for (const n of nodes) {
    for (const b of n.backends) {
      rows.push([
        shortId(n.node_uuid),
        badge(n.status),
        h('strong', {}, b.name),
        b.kind,
        b.model ?? 'any',
        b.base_url || '–',
        list(b.features),
        String(b.weight),
        b.authenticated ? 'yes' : 'no',
      ]);
    }
  }
  return table('LLM backends per node',
    ['Node', 'Status', 'Backend', 'Kind', 'Model', 'Base URL', 'Features', 'Weight', 'API key'],
    rows,
    'No node reports an LLM backend. Give a node an llm: section in its config (spear up --config).');
}

function serversTable(servers, onDeleted) {
  return table('Registered MCP servers',
    ['Server', 'Transport', 'Command', 'Allowed tools', 'Tool timeout', ''],
    servers.map((s) => [
      h('strong', {}, s.server_id),
      s.transport,
      s.stdio ? [s.stdio.command, ...(s.stdio.args ?? [])].join(' ') : (s.http?.url ?? '–'),
      list(s.allowed_tools),
      s.budgets?.tool_timeout_ms ? `${s.budgets.tool_timeout_ms} ms` : 'default',
      confirmButton(`Delete ${s.server_id}`, `Confirm delete of ${s.server_id}`, async () => {
        await send('DELETE', `/api/v1/mcp/servers/${encodeURIComponent(s.server_id)}`);
        announce(`Deleted MCP server ${s.server_id}`);
        onDeleted();
      }),
    ]),
    'No MCP server is registered. Register one below or start SMS with --mcp-dir.');
}

function createForm(onCreated) {
  const id = h('input', { id: 'mcp-id', required: true, autocomplete: 'off', pattern: '[\\w.\\-]{1,64}' });
  const command = h('input', { id: 'mcp-command', required: true, autocomplete: 'off' });
  const args = h('textarea', { id: 'mcp-args', rows: '2' });
  const allowed = h('input', { id: 'mcp-allowed', autocomplete: 'off', value: '*' });
  const timeout = h('input', { id: 'mcp-timeout', type: 'number', min: '100', max: '120000', inputmode: 'numeric' });
  const result = h('div', { role: 'status' });
  const form = h('form', { class: 'grid-form', 'aria-label': 'Register an MCP server' },
    field('Server id', id),
    field('Command', command, 'Started by each node over stdio, e.g. npx or node.'),
    field('Arguments', args, 'One per line.'),
    field('Allowed tools', allowed, 'Comma-separated names or patterns (read_*, list_*); * allows every tool, none allows none.'),
    field('Tool timeout (ms)', timeout, 'Per call; empty for the default.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Register server')),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const body = {
        server_id: id.value.trim(),
        transport: 'stdio',
        stdio: {
          command: command.value.trim(),
          args: args.value.split('\n').map((a) => a.trim()).filter((a) => a),
        },
      };
      const tools = allowed.value.split(',').map((t) => t.trim()).filter((t) => t);
      if (tools.length) {
        body.allowed_tools = tools;
      }
      if (timeout.value) {
        body.budgets = { tool_timeout_ms: Number(timeout.value) };
      }
      await send('POST', '/api/v1/mcp/servers', body);
      announce(`Registered MCP server ${body.server_id}`);
      fill(result);
      form.reset();
      allowed.value = '*';
      onCreated();
    } catch (err) {
      fill(result, errorBox(err));
    }
  });
  return form;
}

export async function render(main, _params, ctx) {
  const backends = h('div', { id: 'ai-backends' }, h('p', {}, 'Loading…'));
  const servers = h('div', { id: 'mcp-servers' }, h('p', {}, 'Loading…'));
  const refresh = async () => {
    try {
      const [b, s] = await Promise.all([get('/api/v1/backends'), get('/api/v1/mcp/servers')]);
      if (ctx.left) {
        return;
      }
      fill(backends, backendsTable(b.nodes));
      fill(servers, serversTable(s.servers, refresh));
    } catch (e) {
      fill(servers, errorBox(e));
    }
  };
  main.append(pageTitle('AI'),
    h('p', { class: 'lead' }, 'The LLM backends guests reach through spear.cchat_*, and the MCP tool servers nodes start for them.'),
    h('h2', {}, 'LLM backends'),
    backends,
    h('h2', {}, 'MCP servers'),
    servers,
    h('h2', {}, 'Register an MCP server'),
    createForm(refresh));
  await refresh();
}
