// Preloaded into a bench child (NODE_OPTIONS=--import …, which refuses --cpu-prof): samples the CPU from
// start to exit every 100 µs and writes PROF_DIR/<pid>.cpuprofile (open it in Chrome's DevTools).
import inspector from 'node:inspector';
import fs from 'node:fs';

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 100 });
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (err, res) => {
    if (err || !process.env.PROF_DIR) return;
    fs.mkdirSync(process.env.PROF_DIR, { recursive: true });
    fs.writeFileSync(`${process.env.PROF_DIR}/${process.pid}.cpuprofile`, JSON.stringify(res.profile));
  });
});
