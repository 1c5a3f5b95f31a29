import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The installed Electron executable, or null where its download failed or was skipped. */
export function electronBinary(): string | null {
  try {
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export const NO_BINARY_REASON =
  'SKIPPED: no Electron binary is installed here (node_modules/electron has no dist; its download ' +
  'failed or was skipped), so the real app cannot be launched. Install it with network access ' +
  '(`node node_modules/electron/install.js`) or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked ' +
  'Electron, then run `npm run test:e2e-electron`.';
