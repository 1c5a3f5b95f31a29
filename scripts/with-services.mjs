// Runs a command with the services tests need. Placeholder until the keyring session lands.
import { spawnSync } from 'node:child_process';
const [cmd, ...rest] = process.argv.slice(2);
const r = spawnSync(cmd, rest, { stdio: 'inherit', shell: false, env: process.env });
process.exit(r.status ?? 1);
