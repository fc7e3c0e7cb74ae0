import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kindOfCommandLine, readTreeCpu } from '../bench/process-cpu';

describe('bench: CPU by kind of browser process', () => {
  it('tells renderers, extension renderers and the network service apart, whichever way the command line is written', () => {
    expect(kindOfCommandLine('/usr/lib/chromium/chromium\0--type=renderer\0--renderer-client-id=5\0')).toBe('page');
    // A zygote-forked process rewrites its argv as one string with spaces.
    expect(kindOfCommandLine('/usr/lib/chromium/chromium --type=renderer --extension-process --renderer-client-id=7')).toBe('extension');
    expect(kindOfCommandLine('chromium --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en')).toBe('network');
    expect(kindOfCommandLine('chromium --type=gpu-process')).toBe('other');
    expect(kindOfCommandLine('chromium --type=zygote')).toBe('other');
  });

  it.runIf(process.platform === 'linux')('counts a busy child process under its kind', async () => {
    // A child that burns CPU, then stays alive (a reaped process leaves /proc) until told to go.
    const child = spawn(
      process.execPath,
      ['-e', 'const t = Date.now(); while (Date.now() - t < 400); console.log("done"); setInterval(() => {}, 1000);', '--', '--type=renderer', '--extension-process'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((ok) => child.stdout!.once('data', () => ok()));
      const cpu = readTreeCpu(process.pid);
      expect(cpu).not.toBeNull();
      expect(cpu!.extension).toBeGreaterThan(0.05);
      expect(cpu!.page).toBe(0);
      expect(cpu!.browser).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });
});
