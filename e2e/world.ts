import { makeTls, type TlsMaterial } from '../sim/tls';
import { SIM_HOSTS } from '../sim/fixtures';
import { launchWithExtension, type ExtensionBrowser } from './browser';

let tls: TlsMaterial | undefined;
/** One certificate per test run, covering every simulated host. */
export function testTls(): TlsMaterial {
  tls ??= makeTls(SIM_HOSTS);
  return tls;
}

/** Launches the extension with every host name mapped to the given local ports. */
export function launch(hosts: Record<string, number>): Promise<ExtensionBrowser> {
  return launchWithExtension({ hosts, spki: testTls().spki });
}
