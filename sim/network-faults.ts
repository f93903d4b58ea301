/**
 * Faults below HTTP, shared by both simulators (server.ts): what a network, a proxy or a restarting server does to
 * one request, aimed at the request an action depends on (method + path), so a fault test fails exactly the write
 * or read it means to. The product cannot tell these from the real thing: a reset is a closed socket, a hang is a
 * response that never comes, an HTML 200 is what a single-sign-on proxy or a captive portal answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type NetFault =
  /** the connection closes without an answer (ECONNRESET in the client) */
  | { kind: 'reset' }
  /**
   * the answer starts (status, headers, the first bytes) and the connection drops: the client has no answer it can
   * read. Unlike a reset before any byte, a browser does not send the request again by itself (Chromium resends a
   * request on a reused connection that closed before any response header arrived, whatever its method:
   * net/http/http_network_transaction.cc ShouldResendRequest) — so this is how a lost answer to a write looks.
   */
  | { kind: 'cut' }
  /** no answer ever comes (until `releaseHung`, which then closes the connection) */
  | { kind: 'hang' }
  /** 200 text/html: a sign-in page where JSON was expected (SSO proxy, captive portal, expired web session) */
  | { kind: 'html-login' }
  /** the answer comes, `ms` later than usual */
  | { kind: 'slow'; ms: number };

export interface NetFaultRule {
  method?: string;
  /** matched against the path (without query) */
  path: RegExp;
  fault: NetFault;
  /**
   * `before` (default): the server never sees the request — nothing is written. `after`: the server does its work
   * (a write lands) and only the answer is lost — the case at-most-once writes exist for. `slow` is always before,
   * `cut` always after.
   */
  when?: 'before' | 'after';
  /** how many matching requests it takes; Infinity for all until cleared */
  times?: number;
}

export interface NetworkFaults {
  /** the next matching request(s) meet this fault */
  next(rule: NetFaultRule): void;
  /** forgets every rule not yet used */
  clear(): void;
  /** ends every hung request by closing its connection (as a proxy giving up would) */
  releaseHung(): void;
  /** how many requests met a fault, per kind */
  readonly hits: Record<NetFault['kind'], number>;
}

export interface FaultDecision {
  fault: NetFault;
  when: 'before' | 'after';
}

export function createNetworkFaults() {
  let rules: (NetFaultRule & { left: number })[] = [];
  const hung = new Set<ServerResponse>();
  const hits: NetworkFaults['hits'] = { reset: 0, cut: 0, hang: 0, 'html-login': 0, slow: 0 };

  const api: NetworkFaults & {
    pick(req: IncomingMessage, pathname: string): FaultDecision | undefined;
    hold(res: ServerResponse): void;
  } = {
    hits,
    next: (rule) => void rules.push({ ...rule, left: rule.times ?? 1 }),
    clear: () => void (rules = []),
    releaseHung: () => {
      for (const res of hung) res.socket?.destroy();
      hung.clear();
    },
    pick(req, pathname) {
      const rule = rules.find((r) => r.left > 0 && (!r.method || r.method === req.method) && r.path.test(pathname));
      if (!rule) return undefined;
      rule.left -= 1;
      rules = rules.filter((r) => r.left > 0);
      hits[rule.fault.kind] += 1;
      const when = rule.fault.kind === 'slow' ? 'before' : rule.fault.kind === 'cut' ? 'after' : (rule.when ?? 'before');
      return { fault: rule.fault, when };
    },
    hold(res) {
      hung.add(res);
      res.on('close', () => hung.delete(res));
    },
  };
  return api;
}

/** A sign-in page as a proxy in front of either product serves it: 200, HTML, no JSON. */
export const LOGIN_PAGE_HTML =
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post" action="/login"><label>User <input name="user"></label><label>Password <input type="password" name="password"></label><button>Sign in</button></form></body></html>';

/** Answers (or doesn't) as the fault says, before the handler runs. Returns true when the request is dealt with. */
export function applyBefore(f: NetFault, res: ServerResponse, hold: (res: ServerResponse) => void): boolean {
  if (f.kind === 'reset') {
    res.socket?.destroy();
    return true;
  }
  if (f.kind === 'hang') {
    hold(res);
    return true;
  }
  if (f.kind === 'html-login') {
    res.writeHead(200, { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store' }).end(LOGIN_PAGE_HTML);
    return true;
  }
  return false;
}

/**
 * Lets the handler do its work but loses (reset, hang) or replaces (html-login) its answer: `end` no longer sends
 * what the handler wrote.
 */
export function loseAnswer(f: NetFault, res: ServerResponse, hold: (res: ServerResponse) => void): void {
  const end = res.end.bind(res);
  const writeHead = res.writeHead.bind(res);
  const write = res.write.bind(res);
  // the handler's status and headers are held back with its body (a cut answer sends them)
  let head: unknown[] = [];
  res.writeHead = ((...args: unknown[]) => ((head = args), res)) as typeof res.writeHead;
  res.write = (() => true) as typeof res.write;
  res.end = ((..._args: unknown[]) => {
    if (f.kind === 'cut') {
      // the handler's status and headers go out with the first bytes of its body, then the connection drops
      res.setHeader('Content-Length', '4096');
      (writeHead as (...a: unknown[]) => void)(...(head.length ? head : [res.statusCode]));
      write('{"result":{', () => res.socket?.destroy());
    } else if (f.kind === 'reset') res.socket?.destroy();
    else if (f.kind === 'hang') hold(res);
    else if (f.kind === 'html-login') {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      writeHead(200, { 'Content-Type': 'text/html;charset=UTF-8' });
      end(LOGIN_PAGE_HTML);
    }
    return res;
  }) as typeof res.end;
}
