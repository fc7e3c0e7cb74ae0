// CPU time of a browser's whole process tree, by kind of process, read from Linux
// /proc. On a 2-core machine an echo keeps both cores busy, so a throughput ratio
// swings with whatever else the machine does (the A/A control reads 0.95-1.04); CPU
// seconds per echoed message are far steadier, and they say where an extension's
// cost lands: the page's renderer (hook, bridge), the extension's renderer (panel),
// the browser process (message relay), the network service.
import { readdirSync, readFileSync } from 'node:fs';

export type ProcessKind = 'page' | 'extension' | 'browser' | 'network' | 'other';
export const PROCESS_KINDS: readonly ProcessKind[] = ['page', 'extension', 'browser', 'network', 'other'];
export type CpuByKind = Record<ProcessKind, number>;

const TICK = 100; // USER_HZ on Linux

export const emptyCpu = (): CpuByKind => ({ page: 0, extension: 0, browser: 0, network: 0, other: 0 });

export function addCpu(into: CpuByKind, from: CpuByKind, scale = 1) {
  for (const k of PROCESS_KINDS) into[k] += from[k] * scale;
}

/** What kind of Chromium process a command line belongs to (not the root: that is the browser). */
export function kindOfCommandLine(cmdline: string): ProcessKind {
  // Zygote-forked processes rewrite their command line as one space-separated string.
  const args = cmdline.split(/[\0 ]/);
  const type = args.find((a) => a.startsWith('--type='))?.slice(7);
  if (type === 'renderer') return args.includes('--extension-process') ? 'extension' : 'page';
  if (type === 'utility' && args.some((a) => a.startsWith('--utility-sub-type=') && a.includes('network'))) return 'network';
  return 'other';
}

function kindOf(pid: number, root: number): ProcessKind {
  return pid === root ? 'browser' : kindOfCommandLine(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
}

/** CPU seconds so far of `root` and its descendants, by kind; null where /proc is missing (not Linux). */
export function readTreeCpu(root: number): CpuByKind | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const children = new Map<number, number[]>();
  const stats = new Map<number, string[]>();
  for (const d of entries) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after the command name, which may itself hold spaces and parentheses.
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      const pid = Number(d);
      stats.set(pid, f);
      const ppid = Number(f[1]);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(pid);
    } catch {
      // The process ended meanwhile.
    }
  }
  if (!stats.has(root)) return null;
  const out = emptyCpu();
  const walk = (pid: number) => {
    const f = stats.get(pid);
    if (f) {
      try {
        // utime + stime: fields 14 and 15 of stat, 11 and 12 after the name.
        out[kindOf(pid, root)] += (Number(f[11]) + Number(f[12])) / TICK;
      } catch {}
    }
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}
