/**
 * `npm run emulator … &` starts npm → sh → tsx → node. `kill` of the npm process alone (what `kill $!`
 * does) does not reach the server: the npm process dies and its children keep serving. The server
 * watches the processes between it and the npm process that launched it and stops when one of them
 * ends. Nothing above npm is watched, so a CI step's shell may exit and leave the emulator running.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The parent pid and command line of a process, or undefined when it cannot be read. */
function processInfo(pid: number): { ppid: number; args: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last ')'
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return Number.isInteger(ppid) ? { ppid, args } : undefined;
  } catch {
    // no /proc (macOS): ask ps
  }
  try {
    const out = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const m = /^(\d+)\s+(.*)$/.exec(out);
    return m ? { ppid: Number(m[1]), args: m[2]! } : undefined;
  } catch {
    return undefined;
  }
}

/** The pids from this process's parent up to the npm process that launched it; [] when not run by npm. */
export function launcherChain(start: number = process.ppid, maxDepth = 8): number[] {
  const chain: number[] = [];
  let pid = start;
  for (let i = 0; i < maxDepth && pid > 1; i++) {
    const info = processInfo(pid);
    if (!info) return [];
    chain.push(pid);
    if (/(^|[/\s])npm(-cli\.js)?(\s|$)/.test(info.args)) return chain;
    pid = info.ppid;
  }
  return [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Calls `onGone` once when a process of `chain` has ended; checks every `intervalMs`. Returns a stop function. */
export function watchLauncher(
  chain: readonly number[],
  onGone: (pid: number) => void,
  intervalMs = 1000,
): () => void {
  if (chain.length === 0) return () => undefined;
  const timer = setInterval(() => {
    const gone = chain.find((pid) => !alive(pid));
    if (gone !== undefined) {
      clearInterval(timer);
      onGone(gone);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
