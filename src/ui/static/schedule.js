// The schedule (D56): two small enhancements; the page works without this file.
// 1. The print view's button prints the page (window.print; the browser's own print works too).
// 2. On a narrow screen the grid opens on the current month: the wrapper scrolls so that month's
//    column is the first beside the task column (the link "Đến tháng này" #thang-MM does it without JS).
document.querySelectorAll('[data-print]').forEach((b) => {
  b.hidden = false;
  b.addEventListener('click', () => window.print());
});
const wrap = document.querySelector('.sched-wrap[data-month]');
if (wrap && !window.location.hash) {
  const th = document.getElementById(`thang-${String(wrap.getAttribute('data-month')).padStart(2, '0')}`);
  const task = wrap.querySelector('thead .col-task');
  if (th && task && wrap.scrollWidth > wrap.clientWidth) wrap.scrollLeft = Math.max(0, th.offsetLeft - task.offsetWidth);
}
