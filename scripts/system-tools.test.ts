import { describe, expect, it } from 'vitest';
import { ensureSystemTools, planSystemTools } from './system-tools.mjs';
import type { Probe } from './system-tools.d.mts';

/** A machine with these executables; `onPath` finds the ones under /usr/bin or /opt/bin. */
function machine(executables: string[], opts: { root?: boolean; env?: Record<string, string> } = {}): Probe {
  const has = new Set(executables);
  return {
    env: { ...opts.env },
    isExecutable: (path) => has.has(path),
    onPath: (command) => ['/usr/bin', '/opt/bin'].map((dir) => `${dir}/${command}`).find((p) => has.has(p)),
    isRoot: opts.root ?? false,
  };
}

describe('planSystemTools', () => {
  it('uses CHROME_PATH before anything on PATH', () => {
    const probe = machine(['/custom/chrome', '/usr/bin/chromium', '/usr/bin/openssl'], { env: { CHROME_PATH: '/custom/chrome' } });
    expect(planSystemTools(probe)).toEqual({ action: 'ready', chromium: '/custom/chrome' });
  });

  it('finds chromium, then chromium-browser, then google-chrome on PATH', () => {
    expect(planSystemTools(machine(['/opt/bin/chromium-browser', '/opt/bin/google-chrome', '/usr/bin/openssl']))).toEqual({
      action: 'ready',
      chromium: '/opt/bin/chromium-browser',
    });
    expect(planSystemTools(machine(['/opt/bin/google-chrome', '/usr/bin/openssl']))).toEqual({ action: 'ready', chromium: '/opt/bin/google-chrome' });
  });

  it("falls back to Debian's /usr/bin/chromium when PATH lacks it", () => {
    const probe = { ...machine(['/usr/bin/chromium', '/opt/bin/openssl']), onPath: (c: string) => (c === 'openssl' ? '/opt/bin/openssl' : undefined) };
    expect(planSystemTools(probe)).toEqual({ action: 'ready', chromium: '/usr/bin/chromium' });
  });

  it('installs what is missing from Debian when root with apt-get', () => {
    expect(planSystemTools(machine(['/usr/bin/apt-get', '/usr/bin/openssl'], { root: true }))).toEqual({ action: 'install', packages: ['chromium'] });
    expect(planSystemTools(machine(['/usr/bin/apt-get'], { root: true }))).toEqual({ action: 'install', packages: ['chromium', 'openssl'] });
  });

  it('stops with one sentence naming what to install when it cannot install (not root, or no apt-get)', () => {
    for (const probe of [machine(['/usr/bin/apt-get', '/usr/bin/openssl']), machine(['/usr/bin/openssl'], { root: true })]) {
      const plan = planSystemTools(probe);
      expect(plan.action).toBe('stop');
      const message = plan.action === 'stop' ? plan.message : '';
      expect(message).toContain('sudo apt-get install -y chromium');
      expect(message).toContain('CHROME_PATH');
      expect(message.split(/\.\s/)).toHaveLength(1); // one sentence
    }
  });

  it('does not install over a CHROME_PATH that points nowhere: it says so', () => {
    const plan = planSystemTools(machine(['/usr/bin/apt-get', '/usr/bin/openssl'], { root: true, env: { CHROME_PATH: '/typo/chrome' } }));
    expect(plan).toEqual({ action: 'stop', message: expect.stringContaining('CHROME_PATH is /typo/chrome') });
  });

  it('asks only for what is needed: the simulators need openssl, not Chromium', () => {
    expect(planSystemTools(machine(['/usr/bin/openssl']), ['openssl'])).toEqual({ action: 'ready', chromium: undefined });
  });
});

describe('ensureSystemTools', () => {
  it('installs from Debian with a one-line message, then exports the browser it found as CHROME_PATH', () => {
    const probe = machine(['/usr/bin/apt-get', '/usr/bin/openssl'], { root: true });
    const installed: string[][] = [];
    const lines: string[] = [];
    const result = ensureSystemTools({
      probe,
      log: (line) => lines.push(line),
      install: (packages) => {
        installed.push(packages);
        probe.isExecutable = (p) => ['/usr/bin/apt-get', '/usr/bin/openssl', '/usr/bin/chromium'].includes(p);
        return true;
      },
    });
    expect(installed).toEqual([['chromium']]);
    expect(lines).toEqual([expect.stringContaining('Installing chromium from Debian')]);
    expect(result.chromium).toBe('/usr/bin/chromium');
    expect(probe.env.CHROME_PATH).toBe('/usr/bin/chromium');
  });

  it('throws the sentence, installing nothing, when it cannot install', () => {
    const install = () => {
      throw new Error('must not install');
    };
    expect(() => ensureSystemTools({ probe: machine(['/usr/bin/openssl']), install })).toThrow(/need chromium: install it/);
  });

  it('says apt-get failed when it did', () => {
    const probe = machine(['/usr/bin/apt-get', '/usr/bin/openssl'], { root: true });
    expect(() => ensureSystemTools({ probe, install: () => false, log: () => {} })).toThrow(/apt-get could not install chromium/);
  });
});
