import { get, send } from '../api.js';
import { announce, confirmButton, errorBox, field, fill, h, pageTitle, table, when } from '../ui.js';

/** The create form; the value field is a password field and is emptied once saved. */
function createForm(onSaved) {
  const name = h('input', { id: 'secret-name', autocomplete: 'off', required: true, pattern: '[A-Za-z_][A-Za-z0-9_.\\-]{0,127}' });
  const value = h('input', { id: 'secret-value', type: 'password', autocomplete: 'new-password', required: true });
  const hosts = h('input', { id: 'secret-hosts', autocomplete: 'off', placeholder: 'api.example.com, *.github.com:443' });
  const result = h('p', { class: 'secret-result', role: 'status' });
  const form = h('form', { class: 'secret-form', 'aria-label': 'Create or replace a secret' },
    field('Secret name', name, 'A letter or _, then letters, digits, _ - or . (tasks write ${secret:NAME}).'),
    field('Secret value', value, 'Sent once to SMS, sealed there; never shown again.'),
    field('Allowed hosts', hosts, 'Optional, comma-separated egress entries the value may be sent to.'),
    h('button', { type: 'submit' }, 'Save secret'),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const allowed = hosts.value.split(',').map((s) => s.trim()).filter((s) => s);
    try {
      const { body } = await send('POST', '/api/v1/secrets',
        { name: name.value.trim(), value: value.value, allowed_hosts: allowed });
      value.value = '';
      fill(result, `Secret ${body.name} ${body.replaced ? 'replaced' : 'created'}.`);
      announce(`Secret ${body.name} saved`);
      await onSaved();
    } catch (err) {
      value.value = '';
      fill(result, errorBox(err));
    }
  });
  return form;
}

export async function render(main) {
  const notice = h('div', {});
  const list = h('div', {}, h('p', {}, 'Loading…'));
  const refresh = async () => {
    try {
      const answer = await get('/api/v1/secrets');
      fill(notice, answer.key_configured ? '' : h('p', { class: 'error', role: 'alert' },
        'This SMS has no secrets key, so it keeps no secrets: start it with --secrets-key-file FILE or SPEAR_SECRETS_KEY.'));
      fill(list, table('Secrets', ['Name', 'Reference', 'Allowed hosts', 'Updated', ''],
        answer.secrets.map((s) => [
          s.name,
          h('code', {}, '${secret:' + s.name + '}'),
          s.allowed_hosts.length ? s.allowed_hosts.join(', ') : 'any the node allows',
          when(s.updated_at_ms, 'ms'),
          confirmButton('Delete', `Confirm delete of ${s.name}`, async () => {
            try {
              await send('DELETE', `/api/v1/secrets/${encodeURIComponent(s.name)}`);
              announce(`Deleted secret ${s.name}`);
            } catch (e) {
              list.prepend(errorBox(e));
            }
            await refresh();
          }),
        ]),
        'No secret yet.'));
    } catch (e) {
      fill(list, errorBox(e));
    }
  };
  main.append(pageTitle('Secrets'),
    h('p', { class: 'lead' },
      'Named secrets kept sealed on SMS. Tasks refer to them as ${secret:NAME} in environment values; a node receives a value only for an execution that uses it. Values are never shown.'),
    notice, createForm(refresh), list);
  await refresh();
}
