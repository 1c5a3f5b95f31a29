// `npm start`: runs the tray app when Electron's binary is installed; otherwise says so in one
// sentence and starts Lull in browser mode (electron/host/cli.ts serves the renderer on 127.0.0.1).
// Extra arguments are passed on: `npm start -- --data /tmp/lull`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The Electron executable, or null. In plain Node, require('electron') returns its path or throws. */
export function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Runs a long-lived child, passing Ctrl+C and SIGTERM on, and exits with its code. */
function host(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const forceBrowser = args.includes('--browser');
const passOn = args.filter((a) => a !== '--browser');
const binary = forceBrowser ? null : electronBinary();

if (binary) {
  run(npm, ['run', 'build']);
  host(binary, [root, ...passOn]);
} else {
  if (!forceBrowser) {
    process.stdout.write(
      'Lull: the Electron binary is not installed (its download failed or was skipped), so Lull is starting in browser mode instead.\n',
    );
  }
  run(npm, ['run', 'build:renderer']);
  host(npx, ['tsx', 'electron/host/cli.ts', ...passOn]);
}
