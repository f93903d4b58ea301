import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemTools } from '../scripts/system-tools.mjs';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** base64 SHA-256 of the public key, for Chromium's --ignore-certificate-errors-spki-list */
  spki: string;
}

/**
 * A fresh self-signed certificate covering every simulated host name.
 * Made with the system openssl at test start so nothing secret is committed.
 */
export function makeTls(hosts: readonly string[]): TlsMaterial {
  ensureSystemTools({ need: ['openssl'] });
  const dir = mkdtempSync(join(tmpdir(), 'nowbridge-tls-'));
  try {
    const san = ['DNS:localhost', 'IP:127.0.0.1', ...hosts.map((h) => `DNS:${h}`)].join(',');
    const conf = join(dir, 'openssl.cnf');
    writeFileSync(
      conf,
      `[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=${hosts[0] ?? 'localhost'}\n[ext]\nsubjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`,
    );
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', keyPath, '-out', certPath, '-config', conf], { stdio: 'pipe' });
    const pubDer = execFileSync('sh', ['-c', `openssl x509 -in '${certPath}' -pubkey -noout | openssl pkey -pubin -outform der`]);
    const spki = createHash('sha256').update(pubDer).digest('base64');
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), spki };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
