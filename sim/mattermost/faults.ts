/** Injected faults: a queue of forced statuses (control.failNext), a 5xx rate and added latency. */
import type { MmFaults } from './config';

/** Which requests a queued failure is for (any when absent): a fault test fails the request it means to. */
export interface RequestMatch {
  method?: string;
  /** matched against the path below the subpath */
  path?: RegExp;
}

export class FaultQueue {
  private queue: { status: number; match: RequestMatch }[] = [];

  constructor(private readonly rand: () => number) {}

  failNext(n: number, status: number, match: RequestMatch = {}): void {
    for (let i = 0; i < n; i++) this.queue.push({ status, match });
  }

  /** The status this request must fail with, if any: queued first (the first one matching it), then the random 5xx share. */
  next(faults: MmFaults, method: string, path: string): number | undefined {
    const i = this.queue.findIndex(({ match: m }) => (!m.method || m.method === method) && (!m.path || m.path.test(path)));
    if (i >= 0) return this.queue.splice(i, 1)[0]!.status;
    if (faults.rate5xx > 0 && this.rand() < faults.rate5xx) return 500;
    return undefined;
  }

  clear(): void {
    this.queue = [];
  }
}

/** The AppError id a forced status answers with; a 5xx looks like a hardened-mode server error. */
export function faultErrorId(status: number): string {
  if (status === 401) return 'api.context.session_expired.app_error';
  if (status === 403) return 'api.context.permissions.app_error';
  if (status === 404) return 'api.context.404.app_error';
  if (status === 413) return 'api.context.request_body_too_large.app_error';
  if (status === 503) return 'api.context.server_busy.app_error';
  if (status >= 500) return '';
  return 'api.context.invalid_url_param.app_error';
}
