// RõViệc: a few small enhancements. Every page works without this file.
/* global HTMLFormElement, HTMLSelectElement, HTMLInputElement, XMLHttpRequest, DOMParser, FormData */

// 1. <form data-confirm="Câu hỏi?"> asks before it is submitted (the submitting button may carry its own data-confirm).
//    Capture phase, so that a cancelled submit never reaches other listeners (htmx).
document.addEventListener(
  'submit',
  (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    const question = e.submitter?.getAttribute('data-confirm') ?? form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  },
  true,
);

// 2. The ward switch submits itself when a ward is picked (its button stays for use without JS).
//    Arrow keys on a closed select also fire "change"; then the user confirms with the button.
let keyed = false;
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLSelectElement) keyed = /^(Arrow|Page|Home|End)/.test(e.key);
});
document.addEventListener('pointerdown', () => {
  keyed = false;
});
document.addEventListener('change', (e) => {
  const select = e.target;
  if (!(select instanceof HTMLSelectElement) || !select.form?.classList.contains('ward-switch')) return;
  if (!keyed) select.form.requestSubmit();
  keyed = false;
});

// 3. A form that posts and leaves the page is sent once: a double click or a second Enter while the
//    first request is on its way would make a second record. Later submits of the same form are
//    dropped for a few seconds (not forever: a form answered with a download keeps its page), and
//    again usable when the page is shown from the back-forward cache. htmx forms are left alone.
const SENT_FOR_MS = 8000;
document.addEventListener('submit', (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || e.defaultPrevented || form.method !== 'post' || form.hasAttribute('hx-post')) return;
  const sentAt = Number(form.dataset.sentAt ?? 0);
  if (Date.now() - sentAt < SENT_FOR_MS) {
    e.preventDefault();
    return;
  }
  form.dataset.sentAt = String(Date.now());
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted) for (const form of document.querySelectorAll('form[data-sent-at]')) delete form.dataset.sentAt;
});

// 4. An upload form marked data-upload-progress shows a <progress> while its file is sent (XHR
//    upload events), then goes where the server sent it (the preview), or shows the refusal page.
//    Without this file the form posts normally.
document.addEventListener('submit', (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || e.defaultPrevented || !form.hasAttribute('data-upload-progress') || !window.XMLHttpRequest) return;
  const box = form.querySelector('.upload-progress');
  const bar = box?.querySelector('progress');
  if (!box || !bar) return;
  e.preventDefault();
  box.hidden = false;
  const xhr = new XMLHttpRequest();
  xhr.open('POST', form.action);
  xhr.upload.addEventListener('progress', (ev) => {
    if (ev.lengthComputable) bar.value = Math.round((ev.loaded / ev.total) * 100);
  });
  xhr.addEventListener('load', () => {
    if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== form.action) {
      window.location.assign(xhr.responseURL);
      return;
    }
    const doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
    document.title = doc.title;
    document.body.replaceWith(doc.body);
  });
  xhr.addEventListener('error', () => {
    box.hidden = true;
    delete form.dataset.sentAt;
    form.submit();
  });
  xhr.send(new FormData(form));
});
// 5. <button data-copy="ID" data-copied="Đã sao chép." hidden> copies the value of the field ID (an
//    activation link) and says so in its live region; shown only when the clipboard is there.
for (const button of document.querySelectorAll('button[data-copy]')) {
  if (!window.navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', () => {
    const field = document.getElementById(button.getAttribute('data-copy') ?? '');
    if (!field || !('value' in field)) return;
    void window.navigator.clipboard.writeText(String(field.value)).then(() => {
      const status = document.getElementById(button.getAttribute('aria-describedby') ?? '');
      if (status) status.textContent = button.getAttribute('data-copied') ?? '';
    });
  });
}

// 4. A file picker (ui/components.tsx FilePicker) shows the chosen file names in place of the
//    browser's English "No file chosen"; the empty text comes from the page (data-empty).
document.addEventListener('change', (e) => {
  const input = e.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.classList.contains('file-input')) return;
  const line = document.getElementById(input.id + '-names');
  if (!line) return;
  const names = Array.from(input.files ?? [], (f) => f.name);
  line.textContent = names.length ? names.join(', ') : (line.dataset.empty ?? '');
});

// 7. A page that answers a POST (a refused form, shown with what was typed and why) marks itself
//    <meta name="rv-posted">: its history entry is replaced by the same address without the form
//    data, so a reload or Back asks by GET and never re-sends the form; the server answers that GET
//    with the page the form belongs to (platform/http/post-only.ts, docs/DESIGN.md D64).
if (document.querySelector('meta[name="rv-posted"]') && window.history.replaceState) window.history.replaceState(window.history.state, '', window.location.href);
