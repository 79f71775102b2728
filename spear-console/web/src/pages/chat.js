import { get, send, token } from '../api.js';
import { announce, errorBox, field, fill, h, pageTitle } from '../ui.js';
import { bearerProtocol, decodeFrame, encodeFrame, TYPE_ERROR } from '../ssf.js';
import { idTail } from '../ids.js';

// Talks to a running agent over SPEAR's user streams: a task's endpoint through the gateway
// (/e/{endpoint}/ws, which attaches to a running execution of the task or starts one), or a
// running execution through a single-use stream session. Each message is one SSF data frame with
// the text as its payload; every frame that comes back is shown as the agent's turn.
//
// Tokens: a browser cannot put an Authorization header on a WebSocket and the saved token must
// never go in a URL. The gateway takes it from the subprotocol list (spear.bearer.<base64url>,
// which the server never selects as the socket's protocol); a session is asked for with a fetch
// that carries the header, and its ws_url holds only the session's 60-second single-use token.

const CLOSE_REASONS = {
  1000: 'the agent ended the conversation',
  1001: 'the server is going away',
  1006: 'the connection was refused or lost',
  1008: 'a frame was refused as invalid',
  1009: 'a frame was too large or a stream queue was full',
  1011: 'the server hit an error',
};

function wsBase() {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;
}

function targetOptions(tasks, executions, names) {
  const endpoints = tasks.filter((t) => t.endpoint);
  const groups = [];
  if (endpoints.length) {
    groups.push(h('optgroup', { label: 'Task endpoints' },
      endpoints.map((t) => h('option', { value: `endpoint:${t.endpoint}` }, `${t.endpoint} (task ${t.name})`))));
  }
  if (executions.length) {
    groups.push(h('optgroup', { label: 'Running executions' },
      executions.map((e) => h('option', { value: `execution:${e.execution_id}` },
        `${idTail(e.execution_id)} of ${names.get(e.task_id) ?? e.task_id} (${e.status})`))));
  }
  return groups;
}

async function listTargets() {
  const [{ tasks }, running, pending] = await Promise.all([
    get('/api/v1/tasks?limit=1000'),
    get('/api/v1/executions?status=running&limit=100'),
    get('/api/v1/executions?status=pending&limit=100'),
  ]);
  const names = new Map(tasks.map((t) => [t.task_id, t.name]));
  return { tasks, executions: [...running.executions, ...pending.executions], names };
}

export async function render(main, { query }, ctx) {
  const targets = await listTargets();
  const target = h('select', { id: 'chat-target' });
  const streamId = h('input', { id: 'chat-stream', type: 'number', min: '1', step: '1', value: '1' });
  const state = h('p', { id: 'chat-state', class: 'chat-state', role: 'status', 'data-state': 'idle' }, 'Not connected.');
  const problem = h('div', {});
  // Not a live region: each agent turn is announced once through the page's announcer.
  const log = h('ol', { id: 'chat-log', class: 'chat', 'aria-label': 'Conversation', tabindex: '0' });
  const message = h('input', { id: 'chat-message', type: 'text', autocomplete: 'off', disabled: true });
  const sendButton = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Send');
  const connectButton = h('button', { type: 'submit', class: 'primary' }, 'Connect');
  const disconnectButton = h('button', { type: 'button', disabled: true }, 'Disconnect');
  const refreshButton = h('button', { type: 'button' }, 'Refresh list');

  let socket = null;
  let seq = 0;
  let label = '';

  const fillTargets = ({ tasks, executions, names }) => {
    const wanted = query.get('endpoint') ? `endpoint:${query.get('endpoint')}`
      : query.get('execution') ? `execution:${query.get('execution')}` : target.value;
    fill(target, targetOptions(tasks, executions, names));
    if (target.options.length === 0) {
      fill(target, h('option', { value: '' }, 'nothing to talk to yet'));
    }
    if (wanted && [...target.options].some((o) => o.value === wanted)) {
      target.value = wanted;
    }
  };
  fillTargets(targets);

  const setState = (name, text) => {
    state.dataset.state = name;
    state.textContent = text;
    const open = name === 'open';
    message.disabled = !open;
    sendButton.disabled = !open;
    disconnectButton.disabled = !(open || name === 'connecting');
    connectButton.disabled = open || name === 'connecting';
    target.disabled = open || name === 'connecting';
  };

  const say = (who, text, kind, detail) => {
    log.append(h('li', { class: `msg msg-${kind}` },
      h('span', { class: 'who' }, who, detail ? h('small', {}, ' ', detail) : null),
      h('span', { class: 'text' }, text)));
    log.scrollTop = log.scrollHeight;
  };

  const received = (data) => {
    let frame;
    try {
      frame = decodeFrame(data);
    } catch (e) {
      say('Error', `An invalid frame arrived: ${e.message}`, 'error');
      return;
    }
    if (frame.msgType === TYPE_ERROR) {
      let reason = frame.text || frame.meta;
      try {
        reason = JSON.parse(frame.meta)?.error?.message ?? reason;
      } catch {
        // the meta is not JSON: show it as it is
      }
      say('Error', reason || 'the agent sent an error frame', 'error', `stream ${frame.streamId}`);
      return;
    }
    say('Agent', frame.text, 'agent', `stream ${frame.streamId} · #${frame.seq}`);
    announce(`Agent: ${frame.text}`);
  };

  const connect = async () => {
    const [kind, ...rest] = target.value.split(':');
    const name = rest.join(':');
    if (!name) {
      fill(problem, errorBox(new Error('Pick a task endpoint or a running execution first.')));
      return;
    }
    fill(problem);
    label = kind === 'endpoint' ? `endpoint ${name}` : `execution ${idTail(name)}`;
    setState('connecting', `Connecting to ${label}…`);
    let url;
    let protocols = [];
    try {
      if (kind === 'endpoint') {
        url = `${wsBase()}/e/${encodeURIComponent(name)}/ws`;
        protocols = ['ssf.v1'];
        if (token()) {
          protocols.push(bearerProtocol(token()));
        }
      } else {
        const { body } = await send('POST', `/api/v1/executions/${encodeURIComponent(name)}/streams/session`, {});
        url = body.ws_url;
      }
    } catch (e) {
      setState('error', `Could not connect to ${label}.`);
      fill(problem, errorBox(e));
      return;
    }
    if (ctx.left) {
      return;
    }
    const ws = new WebSocket(url, protocols);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    seq = 0;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      setState('open', `Connected to ${label}.`);
      say('—', `Connected to ${label}.`, 'system');
      announce(`Connected to ${label}`);
      message.focus();
    });
    ws.addEventListener('message', (e) => {
      if (typeof e.data === 'string') {
        say('Error', 'A text message arrived; SSF frames are binary.', 'error');
      } else {
        received(e.data);
      }
    });
    ws.addEventListener('close', (e) => {
      if (socket !== ws) {
        return;
      }
      socket = null;
      const why = CLOSE_REASONS[e.code] ?? 'closed';
      if (!opened) {
        setState('error', `Could not connect to ${label} (${e.code}: ${why}).`);
        fill(problem, h('p', { class: 'error', role: 'alert' },
          `The connection to ${label} was refused. Check that the task and its endpoint exist and a node can run it`
          + (kind === 'execution' ? ', that the execution still runs' : '')
          + ', and, when authentication is on, that a valid API token is saved.'));
        return;
      }
      const text = `Closed (${e.code}: ${e.reason || why}).`;
      setState('closed', text);
      say('—', text, 'system');
      announce(text);
    });
  };

  const disconnect = () => {
    const ws = socket;
    if (!ws) {
      return;
    }
    socket = null;
    ws.close(1000, 'closed from the console');
    setState('closed', `Closed by you (${label}).`);
    say('—', `Closed by you.`, 'system');
  };

  const sendMessage = () => {
    const text = message.value;
    if (!socket || socket.readyState !== WebSocket.OPEN || text === '') {
      return;
    }
    seq += 1;
    const stream = Math.max(1, Number(streamId.value) || 1);
    socket.send(encodeFrame({ streamId: stream, seq, meta: '{}', data: text }));
    say('You', text, 'you', `stream ${stream} · #${seq}`);
    message.value = '';
    message.focus();
  };

  ctx.onLeave(() => {
    if (socket) {
      const ws = socket;
      socket = null;
      ws.close(1000, 'left the page');
    }
  });

  const connectForm = h('form', { class: 'filters', 'aria-label': 'Connect' },
    field('Talk to', target, 'A task with an endpoint (started on a node if none runs) or a running execution.'),
    field('Stream id', streamId),
    h('div', { class: 'actions' }, connectButton, disconnectButton, refreshButton));
  connectForm.addEventListener('submit', (e) => {
    e.preventDefault();
    connect();
  });
  disconnectButton.addEventListener('click', disconnect);
  refreshButton.addEventListener('click', async () => {
    try {
      fillTargets(await listTargets());
      announce('List refreshed');
    } catch (e) {
      fill(problem, errorBox(e));
    }
  });

  const messageForm = h('form', { class: 'chat-send', 'aria-label': 'Send a message' },
    field('Message', message, 'Enter sends it as one SSF frame.'), sendButton);
  messageForm.addEventListener('submit', (e) => {
    e.preventDefault();
    sendMessage();
  });

  main.append(pageTitle('Chat'),
    h('p', { class: 'lead' }, 'Talk to a streaming agent over SPEAR\'s user streams (SSF v1 frames over a WebSocket).'),
    h('section', { 'aria-labelledby': 'chat-connect-h' }, h('h2', { id: 'chat-connect-h' }, 'Connection'), connectForm, state, problem),
    h('section', { 'aria-labelledby': 'chat-h' }, h('h2', { id: 'chat-h' }, 'Conversation'), log, messageForm));
}
