import { get, send, toBase64 } from '../api.js';
import { announce, badge, confirmButton, errorBox, field, fill, h, pageTitle, shortId, table, when } from '../ui.js';

function createForm(tasks, onCreated) {
  const task = h('select', { id: 'schedule-task' },
    [['', 'Choose a task…'], ...tasks.map((t) => [t.task_id, t.name])].map(([v, label]) => h('option', { value: v }, label)));
  const cron = h('input', { id: 'schedule-cron', autocomplete: 'off', placeholder: '*/5 * * * *' });
  const every = h('input', { id: 'schedule-every', autocomplete: 'off', placeholder: '30s' });
  const timezone = h('input', { id: 'schedule-timezone', autocomplete: 'off', value: 'UTC' });
  const input = h('textarea', { id: 'schedule-input', rows: '2' });
  const result = h('div', { role: 'status' });
  const form = h('form', { class: 'grid-form', 'aria-label': 'Create a schedule' },
    field('Task', task),
    field('Cron', cron, '5 fields, or 6 with seconds first; leave empty to use Every.'),
    field('Every', every, 'A period such as 30s, 5m, 2h or 1d; leave empty to use Cron.'),
    field('Time zone', timezone, 'The wall clock a cron expression reads, such as Europe/Paris.'),
    field('Schedule input', input, 'Stdin of every run.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create schedule')),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      if (!task.value) {
        throw new Error('Choose a task.');
      }
      const body = { task_id: task.value, timezone: timezone.value.trim(), input_base64: toBase64(input.value) };
      if (cron.value.trim()) body.cron = cron.value.trim();
      if (every.value.trim()) body.every = every.value.trim();
      const { body: answer } = await send('POST', '/api/v1/schedules', body);
      announce('Created a schedule');
      fill(result, 'Next runs: ', answer.next_fire_times.map((t) => new Date(t).toLocaleString()).join(', '));
      await onCreated();
    } catch (err) {
      fill(result, errorBox(err));
    }
  });
  return form;
}

export async function render(main, _params, ctx) {
  const { tasks } = await get('/api/v1/tasks?limit=1000');
  const names = new Map(tasks.map((t) => [t.task_id, t.name]));
  const list = h('div', { id: 'schedule-list' });
  const refresh = async () => {
    try {
      const answer = await get('/api/v1/schedules?limit=500');
      if (ctx.left) {
        return;
      }
      fill(list,
        h('p', { class: 'count' }, `${answer.total_count} schedule(s)`),
        table('Schedules, newest first', ['Schedule', 'Task', 'When', 'Time zone', 'State', 'Next run', 'Runs', ''],
          answer.schedules.map((s) => {
            const label = names.get(s.task_id) ?? s.task_id;
            const whenText = s.cron ?? `every ${s.every}`;
            const toggle = s.enabled ? 'pause' : 'resume';
            return [
              shortId(s.schedule_id),
              h('a', { href: `#/tasks/${s.task_id}` }, label),
              h('code', {}, whenText),
              s.timezone,
              badge(s.enabled ? 'active' : 'paused'),
              s.enabled ? when(s.next_fire_at_ms, 'ms') : '–',
              h('a', { href: `#/executions?schedule_id=${s.schedule_id}`, 'aria-label': `Runs of ${label} ${whenText}` }, 'Runs'),
              h('span', { class: 'actions' },
                h('button', { type: 'button', 'aria-label': `${toggle} ${label} ${whenText}`, onclick: async () => {
                  try {
                    await send('POST', `/api/v1/schedules/${s.schedule_id}/${toggle}`);
                    announce(`${toggle === 'pause' ? 'Paused' : 'Resumed'} the schedule of ${label}`);
                  } catch (e) {
                    list.prepend(errorBox(e));
                  }
                  await refresh();
                } }, toggle === 'pause' ? 'Pause' : 'Resume'),
                ' ',
                confirmButton('Delete', `Confirm delete of ${label} ${whenText}`, async () => {
                  try {
                    await send('DELETE', `/api/v1/schedules/${s.schedule_id}`);
                    announce(`Deleted the schedule of ${label}`);
                  } catch (e) {
                    list.prepend(errorBox(e));
                  }
                  await refresh();
                })),
            ];
          }),
          'No schedule yet.'));
    } catch (e) {
      fill(list, errorBox(e));
    }
  };
  main.append(pageTitle('Schedules'),
    h('section', { 'aria-labelledby': 'schedules-h' }, h('h2', { id: 'schedules-h' }, 'Schedules'), list),
    h('section', { 'aria-labelledby': 'new-schedule-h' }, h('h2', { id: 'new-schedule-h' }, 'New schedule'), createForm(tasks, refresh)));
  await refresh();
  ctx.every(3000, refresh);
}
