export type Tool = 'chromium' | 'openssl';

/** What planSystemTools may know about the machine; tests pass their own. */
export interface Probe {
  env: Record<string, string | undefined>;
  /** the full path of `command` on PATH, if any */
  onPath(command: string): string | undefined;
  isExecutable(path: string): boolean;
  isRoot: boolean;
}

export type Plan =
  | { action: 'ready'; chromium: string | undefined }
  | { action: 'install'; packages: Tool[] }
  | { action: 'stop'; message: string };

export interface EnsureOptions {
  need?: readonly Tool[];
  probe?: Probe;
  /** runs apt-get for these Debian packages; true when it succeeded */
  install?: (packages: Tool[]) => boolean;
  log?: (line: string) => void;
}

export const CHROMIUM_COMMANDS: readonly string[];
export const DEBIAN_CHROMIUM: string;
export function planSystemTools(probe: Probe, need?: readonly Tool[]): Plan;
export function machineProbe(env?: Record<string, string | undefined>): Probe;
export function ensureSystemTools(options?: EnsureOptions): { chromium: string | undefined };
export function ensureSystemToolsOrExit(lastLine?: string): { chromium: string | undefined };
