import { saveToken, token } from './api.js';
import { announce, errorBox, fill } from './ui.js';
import * as dashboard from './pages/dashboard.js';
import * as nodes from './pages/nodes.js';
import * as files from './pages/files.js';
import * as tasks from './pages/tasks.js';
import * as taskDetail from './pages/task-detail.js';
import * as executions from './pages/executions.js';
import * as executionDetail from './pages/execution-detail.js';
import * as ai from './pages/ai.js';
import * as chat from './pages/chat.js';
import * as kv from './pages/kv.js';
import * as schedules from './pages/schedules.js';
import * as secrets from './pages/secrets.js';

// Hash routes: #/page or #/page/<id>, with an optional ?query.
const routes = {
  dashboard: { page: dashboard },
  nodes: { page: nodes },
  files: { page: files },
  tasks: { page: tasks, detail: taskDetail },
  executions: { page: executions, detail: executionDetail },
  schedules: { page: schedules },
  ai: { page: ai },
  chat: { page: chat },
  kv: { page: kv, detail: kv },
  secrets: { page: secrets },
};

const view = document.getElementById('view');
let cleanups = [];

/** What a page gets: a way to run code when the page is left (timers, polls). */
function pageContext() {
  const ctx = {
    left: false,
    onLeave(fn) {
      cleanups.push(fn);
    },
    every(ms, fn) {
      const id = setInterval(fn, ms);
      cleanups.push(() => clearInterval(id));
    },
  };
  cleanups.push(() => {
    ctx.left = true;
  });
  return ctx;
}

async function navigate() {
  cleanups.forEach((fn) => fn());
  cleanups = [];
  const hash = location.hash.replace(/^#\/?/, '') || 'dashboard';
  const [path, query = ''] = hash.split('?');
  const [name, id] = path.split('/');
  const route = routes[name] ?? routes.dashboard;
  const module = id && route.detail ? route.detail : route.page;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.page === (routes[name] ? name : 'dashboard')) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  fill(view);
  try {
    await module.render(view, { id: id ? decodeURIComponent(id) : undefined, query: new URLSearchParams(query) }, pageContext());
  } catch (e) {
    view.append(errorBox(e));
  }
  const title = document.getElementById('page-title');
  if (title && document.activeElement === document.body) {
    title.focus({ preventScroll: true });
  }
}

const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token');
tokenInput.value = token();
tokenForm.addEventListener('submit', (e) => {
  e.preventDefault();
  saveToken(tokenInput.value.trim());
  announce(tokenInput.value.trim() ? 'Token saved' : 'Token cleared');
  navigate();
});

window.addEventListener('hashchange', () => {
  // Moving between pages puts focus on the new page's heading, as a page load would.
  document.activeElement?.blur?.();
  navigate();
});
navigate();
