// The article editor's Markdown toolbar (D57): shows the toolbar and puts Markdown around the
// selection of its textarea. Served from 'self' (strict CSP); without it the form works as before.
(() => {
  const wrap = (before, after, placeholder) => (sel) => before + (sel || placeholder) + after;
  const lines = (prefix) => (sel, numbered) =>
    (sel || prefix.placeholder)
      .split('\n')
      .map((l, i) => (numbered ? `${i + 1}. ` : prefix.mark) + l.replace(/^(\s*)([-*>]|\d+\.|#{1,6})\s+/, '$1'))
      .join('\n');
  const ACTIONS = {
    bold: wrap('**', '**', 'chữ đậm'),
    italic: wrap('*', '*', 'chữ nghiêng'),
    heading: (sel) => '## ' + (sel || 'Tiêu đề mục'),
    ul: (sel) => lines({ mark: '- ', placeholder: 'mục' })(sel, false),
    ol: (sel) => lines({ mark: '', placeholder: 'mục' })(sel, true),
    link: (sel) => `[${sel || 'chữ hiện ra'}](https://)`,
    image: (sel) => `![${sel || 'mô tả ảnh'}](/media/)`,
    quote: (sel) => lines({ mark: '> ', placeholder: 'trích dẫn' })(sel, false),
  };
  const BLOCK = new Set(['heading', 'ul', 'ol', 'quote', 'image']);
  document.querySelectorAll('.md-toolbar[data-target]').forEach((bar) => {
    const area = bar.closest('form')?.querySelector(`textarea[name="${bar.dataset.target}"]`);
    if (!area) return;
    area.before(bar); // between the label and the field
    bar.hidden = false;
    bar.addEventListener('click', (ev) => {
      const b = ev.target && ev.target.closest ? ev.target.closest('button[data-md]') : null;
      const make = b && ACTIONS[b.dataset.md];
      if (!make) return;
      const { selectionStart: s, selectionEnd: e, value } = area;
      let text = make(value.slice(s, e));
      // Block elements start on their own line, separated by a blank line from the text before.
      if (BLOCK.has(b.dataset.md) && s > 0) text = (value.slice(0, s).endsWith('\n\n') ? '' : value.slice(0, s).endsWith('\n') ? '\n' : '\n\n') + text;
      area.focus();
      area.setRangeText(text, s, e, 'end');
      // A link or image: select the address to type over.
      const url = text.lastIndexOf('](');
      if (url >= 0 && (b.dataset.md === 'link' || b.dataset.md === 'image')) {
        const end = area.selectionEnd - 1;
        area.setSelectionRange(end - (text.length - url - 3), end);
      }
      area.dispatchEvent(new window.Event('input', { bubbles: true }));
    });
  });
})();
