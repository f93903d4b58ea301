/** Injected faults: a queue of forced statuses (control.failNext), a 5xx rate and added latency. */
import type { MmFaults } from './config';

export class FaultQueue {
  private queue: number[] = [];

  constructor(private readonly rand: () => number) {}

  failNext(n: number, status: number): void {
    for (let i = 0; i < n; i++) this.queue.push(status);
  }

  /** The status this request must fail with, if any: queued first, then the random 5xx share. */
  next(faults: MmFaults): number | undefined {
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
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
