import { VirtualConsole, VirtualConsolePrinter, Window } from 'happy-dom';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { start, type SnSim } from '../../sim/servicenow';

export interface PageOptions {
  /** execute the page's scripts (and, unless `wait` is false, let them finish: shadow roots built after load) */
  run?: boolean;
  wait?: boolean;
  /** fetch it signed in as Beth (default) or with no session */
  session?: boolean;
}

/**
 * For tests of page readers: the ServiceNow simulator for the file, and its pages loaded into happy-dom as a
 * browser tab would hold them. Read `sim` inside tests (it starts in beforeAll).
 */
export function useServiceNowPages() {
  let sim: SnSim;
  let cookie: string;
  const windows: Window[] = [];
  beforeAll(async () => {
    sim = await start();
    cookie = sim.control.signIn(SN_USERS.agent.user_name).cookieHeader;
  });
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
  });
  afterAll(() => sim.stop());

  return {
    get sim() {
      return sim;
    },
    async load(path: string, { run = false, wait, session = true }: PageOptions = {}) {
      const url = new URL(path, sim.origin);
      const html = await (await fetch(url, { headers: session ? { cookie } : {} })).text();
      const win = new Window({
        url: url.href,
        // A silent console: happy-dom reports every frame it is told not to load.
        console: new VirtualConsole(new VirtualConsolePrinter()),
        settings: { disableIframePageLoading: true, enableJavaScriptEvaluation: run, suppressInsecureJavaScriptEnvironmentWarning: true },
      });
      windows.push(win);
      win.document.write(html);
      if (wait ?? run) await win.happyDOM.waitUntilComplete();
      return { doc: win.document as unknown as Document, url, win };
    },
  };
}
