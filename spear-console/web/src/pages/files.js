import { get, send, upload } from '../api.js';
import { announce, bytes, confirmButton, copyText, errorBox, field, fill, h, pageTitle, table, when } from '../ui.js';

const copy = copyText;

/** The upload form: a file picker, a progress bar and the result; calls back with the stored file. */
export function uploadForm(onUploaded) {
  const input = h('input', { type: 'file', id: 'upload-file', accept: '.wasm,application/wasm' });
  const progress = h('progress', { id: 'upload-progress', max: '100', value: '0', 'aria-label': 'Upload progress' });
  const result = h('p', { class: 'upload-result', role: 'status' });
  const button = h('button', { type: 'submit' }, 'Upload');
  const form = h('form', { class: 'upload', 'aria-label': 'Upload a module' },
    field('Module file', input, 'A WebAssembly module (.wasm); large modules show their progress.'),
    h('div', { class: 'progress-row' }, progress, button),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = input.files?.[0];
    if (!file) {
      fill(result, errorBox(new Error('Choose a file first.')));
      return;
    }
    button.disabled = true;
    progress.value = 0;
    fill(result, `Uploading ${file.name}…`);
    try {
      const stored = await upload(file, (f) => {
        progress.value = Math.round(f * 100);
      });
      fill(result, 'Uploaded ', h('strong', {}, stored.name), ' as ', h('code', {}, stored.uri));
      announce(`Uploaded ${stored.name}`);
      input.value = '';
      await onUploaded(stored);
    } catch (err) {
      fill(result, errorBox(err));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export async function render(main) {
  const list = h('div', {});
  const search = h('input', { type: 'search', id: 'file-search', placeholder: 'name or id' });
  const refresh = async () => {
    try {
      const q = search.value.trim();
      const answer = await get('/api/v1/files?limit=200' + (q ? '&q=' + encodeURIComponent(q) : ''));
      fill(list,
        h('p', { class: 'count' }, `${answer.total_count} file(s)`),
        table('Uploaded files', ['Name', 'Size', 'SHA-256', 'Uploaded', 'URI', ''],
          answer.files.map((f) => {
            const uri = `sms+file://${f.id}`;
            return [
              f.name,
              bytes(f.len),
              h('code', { title: f.sha256 }, f.sha256.slice(0, 12) + '…'),
              when(f.created_at),
              h('span', { class: 'uri' }, h('code', {}, uri), ' ',
                h('button', { type: 'button', onclick: () => copy(uri), 'aria-label': `Copy URI of ${f.name}` }, 'Copy')),
              confirmButton('Delete', `Confirm delete of ${f.name}`, async () => {
                try {
                  await send('DELETE', `/api/v1/files/${f.id}`);
                  announce(`Deleted ${f.name}`);
                } catch (e) {
                  list.prepend(errorBox(e));
                }
                await refresh();
              }),
            ];
          }),
          q ? 'No file matches.' : 'No file uploaded yet.'));
    } catch (e) {
      fill(list, errorBox(e));
    }
  };
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  main.append(pageTitle('Files'),
    h('section', { 'aria-labelledby': 'upload-h' }, h('h2', { id: 'upload-h' }, 'Upload'), uploadForm(refresh)),
    h('section', { 'aria-labelledby': 'list-h' }, h('h2', { id: 'list-h' }, 'Stored files'),
      h('form', { role: 'search', onsubmit: (e) => { e.preventDefault(); refresh(); } }, field('Search files', search)),
      list));
  await refresh();
}
