/**
 * A throwaway certificate authority and a server certificate for localhost / 127.0.0.1 signed by it,
 * made with openssl (EC keys: fast). Files land in `dir` as ca.crt, server.crt and server.key.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCa {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

function openssl(args: readonly string[]): void {
  const r = spawnSync('openssl', args as string[], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

export function makeTestCa(dir: string, cn = 'Lull Test CA'): TestCa {
  mkdirSync(dir, { recursive: true });
  const p = (f: string): string => join(dir, f);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...ec,
    '-days',
    '30',
    '-subj',
    `/CN=${cn}`,
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.crt'),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(['req', ...ec, '-subj', '/CN=localhost', '-keyout', p('server.key'), '-out', p('server.csr')]);
  writeFileSync(
    p('ext.cnf'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl([
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.crt'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    p('ext.cnf'),
    '-out',
    p('server.crt'),
  ]);
  return {
    caPem: readFileSync(p('ca.crt'), 'utf8'),
    certPem: readFileSync(p('server.crt'), 'utf8'),
    keyPem: readFileSync(p('server.key'), 'utf8'),
  };
}
