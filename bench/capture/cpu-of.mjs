// Runs one command and prints the CPU it used as one JSON line:
//   node bench/capture/cpu-of.mjs <cmd> [args...]
//   -> {"code":0,"wallMs":61234,"userS":0.21,"sysS":0.12,"stderrTail":""}
// The command is this process's only child, so the growth of our own cutime/cstime
// (/proc/self/stat, counted when the child is reaped) is exactly the child's CPU (10 ms ticks).
// stdin stays an open pipe (as in the recorder, where `q` is written to it); stdout is drained.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

function childCpu() {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[13]) / 100, sys: Number(f[14]) / 100 };
}

const [cmd, ...args] = process.argv.slice(2);
const before = childCpu();
const t0 = performance.now();
const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stdout.resume();
child.stderr.setEncoding('utf8');
child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
child.on('error', (error) => {
  console.log(JSON.stringify({ code: null, wallMs: 0, userS: 0, sysS: 0, stderrTail: error.message }));
  process.exit(0);
});
child.on('close', (code) => {
  const after = childCpu();
  console.log(
    JSON.stringify({
      code,
      wallMs: Math.round(performance.now() - t0),
      userS: +(after.user - before.user).toFixed(2),
      sysS: +(after.sys - before.sys).toFixed(2),
      stderrTail: stderr.trim(),
    }),
  );
  process.exit(0);
});
