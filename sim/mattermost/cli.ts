/**
 * Runs the Mattermost simulator from the command line:
 *   npx tsx sim/mattermost/cli.ts --port 8065 [--host 127.0.0.1] [--tls] [--subpath /mm] [--seed 1]
 *     [--developer-mode] [--strict-csrf] [--no-pat] [--rate-limit]
 */
import { parseArgs } from 'node:util';
import { SIM_HOSTS, MM_USERS } from '../fixtures';
import { makeTls } from '../tls';
import { start } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8065' },
    host: { type: 'string', default: '127.0.0.1' },
    tls: { type: 'boolean', default: false },
    subpath: { type: 'string', default: '' },
    seed: { type: 'string', default: '1' },
    'developer-mode': { type: 'boolean', default: false },
    'strict-csrf': { type: 'boolean', default: false },
    'no-pat': { type: 'boolean', default: false },
    'rate-limit': { type: 'boolean', default: false },
  },
});

const mm = await start({
  port: Number(values.port),
  host: values.host,
  subpath: values.subpath,
  seed: Number(values.seed),
  tls: values.tls ? makeTls(SIM_HOSTS) : undefined,
  settings: {
    developerMode: values['developer-mode'],
    strictCsrf: values['strict-csrf'],
    enableUserAccessTokens: !values['no-pat'],
    rateLimit: { enabled: values['rate-limit'] },
  },
});

console.log(`Mattermost simulator at ${mm.siteUrl}`);
console.log(`  login:   ${mm.siteUrl}/login  (${MM_USERS.agent.username} / ${MM_USERS.agent.password})`);
console.log(`  API:     ${mm.siteUrl}/api/v4  (Authorization: Bearer ${MM_USERS.agent.token})`);
console.log(`  OAuth:   ${mm.siteUrl}/oauth/authorize, client nowbridge-mm-public (PKCE)`);
console.log(`  channel: ${mm.siteUrl}/ops/channels/incidents`);

const shutdown = () => void mm.stop().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
