// Electron's own postinstall is disabled in package.json ("allowScripts") because its binary
// download fails without GitHub and would fail the whole install. We run it here instead and
// turn a failure into one clear sentence: Lull then starts in browser mode.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let installScript;
try {
  installScript = require.resolve('electron/install.js');
} catch {
  process.exit(0); // production install without devDependencies
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log(
    'lull: ELECTRON_SKIP_BINARY_DOWNLOAD is set; Electron binary not downloaded (browser mode only).',
  );
  process.exit(0);
}
const result = spawnSync(process.execPath, [installScript], {
  stdio: 'pipe',
  timeout: 120_000,
  encoding: 'utf8',
});
const pathFile = installScript.replace(/install\.js$/, 'path.txt');
if (result.status === 0 && existsSync(pathFile)) {
  console.log('lull: Electron binary installed.');
} else {
  const why =
    (result.stderr || result.stdout || String(result.error ?? '')).split('\n').find((l) => l.trim()) ??
    'unknown error';
  console.log(
    `lull: could not download the Electron binary (${why.trim()}); npm start will run Lull in browser mode.`,
  );
}
process.exit(0);
