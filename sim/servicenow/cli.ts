/**
 * Runs the ServiceNow simulator from the command line:
 *   npx tsx sim/servicenow/cli.ts [--port 8443] [--host 127.0.0.1] [--tls] [--seed 1]
 *       [--latency ms] [--rate429 0..1] [--rate5xx 0..1] [--rotate] [--sso] [--pages known|unknown]
 * With --tls it makes a throwaway self-signed certificate for the simulated host names and prints the SPKI
 * hash Chromium needs (--ignore-certificate-errors-spki-list).
 */
import { parseArgs } from 'node:util';
import { SIM_HOSTS, SN_USERS } from '../fixtures';
import { makeTls } from '../tls';
import { start } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    tls: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    latency: { type: 'string' },
    rate429: { type: 'string' },
    rate5xx: { type: 'string' },
    rotate: { type: 'boolean', default: false },
    sso: { type: 'boolean', default: false },
    pages: { type: 'string', default: 'known' },
    help: { type: 'boolean', default: false },
  },
});

if (values.pages !== 'known' && values.pages !== 'unknown') {
  console.error('--pages is known or unknown');
  process.exit(2);
}

if (values.help) {
  console.log('usage: tsx sim/servicenow/cli.ts [--port N] [--host H] [--tls] [--seed N] [--latency ms] [--rate429 p] [--rate5xx p] [--rotate] [--sso] [--pages known|unknown]');
  process.exit(0);
}

const tls = values.tls ? makeTls(SIM_HOSTS) : undefined;
const sim = await start({
  seed: Number(values.seed),
  port: Number(values.port),
  host: values.host,
  tls,
  singleSignOn: values.sso,
  pageVariant: values.pages,
  faults: {
    ...(values.latency ? { latencyMs: Number(values.latency) } : {}),
    ...(values.rate429 ? { rate429: Number(values.rate429) } : {}),
    ...(values.rate5xx ? { rate5xx: Number(values.rate5xx) } : {}),
    ...(values.rotate ? { rotateRefreshTokens: true } : {}),
  },
});

console.log(`ServiceNow simulator listening on ${sim.origin}`);
if (tls) console.log(`TLS SPKI (sha256, base64): ${tls.spki}`);
console.log(`Log in as ${SN_USERS.agent.user_name} / ${SN_USERS.agent.password} (or ${SN_USERS.admin.user_name} / ${SN_USERS.admin.password})`);
console.log('OAuth clients: nowbridge-public (PKCE), nowbridge-confidential / nowbridge-secret');

const shutdown = () => {
  void sim.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
