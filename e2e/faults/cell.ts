/**
 * One cell of the fault table (issue 15): an action, opened as a user would with their input typed, meets one
 * fault aimed at the request it depends on. The cell passes when the action ends, within the fault's bound, in a
 * named visible state; the typed input survives a failure; the fault healed, the user's retry succeeds; and the
 * simulators' own data shows the write at most once (exactly once in the end).
 */
import { expect } from 'vitest';
import type { ExtensionBrowser } from '../browser';
import type { Sims } from '../sims';

/** What the user sees an action end in. */
export type EndState = 'Done' | 'Retrying…' | "Couldn't reach, Retry" | 'Needs sign-in, Reconnect' | 'Needs site access, Allow' | 'Not saved' | 'Still busy';

export interface FaultWorld {
  sims: Sims;
  browser: ExtensionBrowser;
}

/** The request an action depends on, where a fault is aimed. */
export interface Target {
  sim: 'sn' | 'mm';
  method: string;
  path: RegExp;
}

/** What the action's surface shows right now. */
export interface Shown {
  /** text of role=alert regions */
  alerts: string[];
  /** text of role=status regions and anything else that says how it went */
  statuses: string[];
  /** a progress indicator is up ("Posting…", aria-busy) */
  busy: boolean;
}

/** An action opened and ready: the user's input typed, the next step theirs. */
export interface Surface {
  act(): Promise<void>;
  shown(): Promise<Shown>;
  /** what the user typed or chose, as the surface holds it now (reads: none) */
  input?(): Promise<string>;
  /** the action's own checks once it reached its end state, before the user heals anything */
  ended?(): void;
  /** after a failure: the user heals what they can (Reconnect, reload) and tries again */
  retry(state: EndState): Promise<void>;
  close(): Promise<void>;
}

export interface ActionDef {
  id: string;
  label: string;
  kind: 'read' | 'write';
  target: Target;
  /** the text that says it worked */
  success: RegExp;
  /** opens the action with this input typed (a write) or this text to be shown (a read); unique per cell */
  open(w: FaultWorld, input: string): Promise<Surface>;
  /** how many times `input` was written, from the simulators' data (0 for reads) */
  writes(w: FaultWorld, input: string): number;
  /**
   * The request on the other product's site that the action's work needs once the user acted (its work crosses
   * sites: a card under a Mattermost post reads ServiceNow after Mattermost confirmed the post): where "the other
   * site's access withdrawn" is aimed. Absent: the action's work after the act needs one site only.
   */
  other?: Target;
  /**
   * Under this fault the first retry is expected to meet a refusal ("Needs sign-in"), which the user then heals: a
   * Mattermost refresh whose answer was lost rotated the refresh token away (app/oauth.go newSessionUpdateToken).
   */
  retryMeetsRefusal?(f: FaultDef): boolean;
}

export interface FaultDef {
  id: string;
  label: string;
  /** how long the action may take to reach its end state under this fault */
  boundMs: number;
  /** set up just before the user acts */
  arm(w: FaultWorld, a: ActionDef): Promise<void> | void;
  /** after the user acted: the part of the fault that happens mid-flight */
  during?(w: FaultWorld, a: ActionDef): Promise<void>;
  /** the fault is over (network back, server up) */
  heal(w: FaultWorld, a: ActionDef): Promise<void> | void;
  /** the end states this fault may lead to; the first success of a retry must follow any of them */
  allowed: EndState[];
  /** whether the fault means anything for this action (else the table says why not) */
  appliesTo?(a: ActionDef): boolean;
  /** what the end state's text must name (the host whose access was withdrawn) */
  says?(a: ActionDef): RegExp;
}

export interface CellResult {
  action: string;
  fault: string;
  state: EndState;
  /** what the user read */
  text: string;
  ms: number;
  /** writes made before the retry, and in all */
  writesBeforeRetry: number;
  writes: number;
  inputKept: boolean | null;
  retried: boolean;
  /** the state the first retry ended in when it needed a second step from the user (ActionDef.retryMeetsRefusal) */
  afterRetry?: EndState;
  /** the cell's typed input, to look for late duplicates after the other cells */
  input: string;
}

/** NowBridge says it will try again by itself, and when */
const RETRYING = /retrying|waits until/i;
// ("Sign in to Mattermost again to preview": a card under a post once the Mattermost sign-in ended)
const SIGN_IN = /sign-in|sign in|reconnect|signed out/i;
/** the browser no longer lets NowBridge reach the site (its site access was withdrawn) */
const SITE_ACCESS = /no longer has access|allow access|access not granted/i;
const UNREACHABLE = /can't reach|couldn't reach|did not answer|had a problem|rate-limit|offline|try again|no answer|not answer|retry/i;

/** Names what the surface shows, or undefined while it is still at work. */
export function classify(a: ActionDef, s: Shown): { state: EndState; text: string } | undefined {
  const success = s.statuses.find((t) => a.success.test(t));
  if (success) return { state: 'Done', text: success };
  const alert = s.alerts.find((t) => t.trim());
  if (!alert) return undefined;
  if (RETRYING.test(alert)) return { state: 'Retrying…', text: alert };
  if (SITE_ACCESS.test(alert)) return { state: 'Needs site access, Allow', text: alert };
  if (SIGN_IN.test(alert)) return { state: 'Needs sign-in, Reconnect', text: alert };
  if (UNREACHABLE.test(alert)) return { state: "Couldn't reach, Retry", text: alert };
  return { state: 'Not saved', text: alert };
}

/**
 * Polls what the surface shows until it names an end state (or, with `until`, that state) and is not busy; past
 * `boundMs` it is "Still busy" with whatever it showed last.
 */
async function settle(a: ActionDef, surface: Surface, boundMs: number, started: number, until?: EndState): Promise<{ state: EndState; text: string; ms: number }> {
  let last: Shown = { alerts: [], statuses: [], busy: true };
  for (;;) {
    last = await surface.shown();
    const named = classify(a, last);
    if (named && !last.busy && (!until || named.state === until)) return { ...named, ms: Date.now() - started };
    if (Date.now() - started > boundMs) {
      return { state: (until && named?.state) || 'Still busy', text: [...last.alerts, ...last.statuses].join(' | ') || '(nothing shown)', ms: Date.now() - started };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

let serial = 0;

/** Runs one cell and checks it; returns the row for the table. */
export async function runCell(w: FaultWorld, a: ActionDef, f: FaultDef): Promise<CellResult> {
  // unique per cell: what a write writes, or what a read must show
  const input = `nb-fault ${a.id} ${f.id} ${Date.now().toString(36)}${serial++}`;
  const surface = await a.open(w, input);
  const before = a.writes(w, input);
  expect(before).toBe(0);
  await f.arm(w, a);
  const started = Date.now();
  await surface.act();
  await f.during?.(w, a);
  const end = await settle(a, surface, f.boundMs, started);
  const writesBeforeRetry = a.writes(w, input);
  if (process.env.NB_FAULTS_DEBUG) {
    const sim = a.target.sim === 'sn' ? w.sims.sn : w.sims.mm;
    console.log(end, sim.requests.filter((r) => r.at >= started - 100).map((r) => `${r.method} ${r.pathname} ${r.status} ${r.at - started}${r.headers.authorization ? ' bearer' : ''}`));
  }
  surface.ended?.();
  const inputKept = !surface.input || end.state === 'Done' ? null : (await surface.input()).includes(input);
  await f.heal(w, a);

  let retried = false;
  let afterRetry: EndState | undefined;
  if (end.state !== 'Done') {
    // "Retrying…" needs nothing from the user: it must get there by itself
    retried = end.state !== 'Retrying…';
    if (retried) await surface.retry(end.state);
    if (a.retryMeetsRefusal?.(f)) {
      const then = await settle(a, surface, 30_000, Date.now(), 'Needs sign-in, Reconnect');
      expect(then.state, `after "${end.text}" and a retry: "${then.text}"`).toBe('Needs sign-in, Reconnect');
      afterRetry = then.state;
      await surface.retry(then.state);
    }
    // the old message may stay up until the retry's answer replaces it: wait for the success itself
    const again = await settle(a, surface, 30_000, Date.now(), 'Done');
    expect(again.state, `after "${end.text}" and a retry: "${again.text}"`).toBe("Done");
  }
  // (a late duplicate is looked for again once every cell of the action ran: recheckWrites)
  const writes = a.writes(w, input);
  await surface.close();

  const row: CellResult = { action: a.id, fault: f.id, state: end.state, text: end.text, ms: end.ms, writesBeforeRetry, writes, inputKept, retried, ...(afterRetry ? { afterRetry } : {}), input };
  expect(f.allowed, `${a.label} × ${f.label}: ended "${end.text}"`).toContain(end.state);
  const says = f.says?.(a);
  if (says) expect(end.text, `${a.label} × ${f.label}`).toMatch(says);
  expect(end.ms).toBeLessThanOrEqual(f.boundMs + 1000);
  expect(writesBeforeRetry).toBeLessThanOrEqual(1);
  expect(writes).toBe(a.kind === 'write' ? 1 : 0);
  if (inputKept !== null) expect(inputKept, 'the typed text survives').toBe(true);
  return row;
}
