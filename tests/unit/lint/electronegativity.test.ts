import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';

const root = resolve(import.meta.dirname, '../../..');
const script = join(root, 'scripts/electronegativity.mjs');

// That Lull itself passes is checked by `npm run lint:electron`, a step of `npm test`.
describe('npm run lint:electron (scripts/electronegativity.mjs)', () => {
  it('fails on a HIGH finding', () => {
    const t = tempDir('electronegativity');
    try {
      mkdirSync(join(t.dir, 'electron', 'main'), { recursive: true });
      writeFileSync(
        join(t.dir, 'electron', 'main', 'bad.js'),
        "const { BrowserWindow } = require('electron');\n" +
          'new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n',
      );
      const run = spawnSync(process.execPath, [script, '--root', t.dir], {
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(run.stdout).toMatch(/FAIL\s+HIGH\s+CONTEXT_ISOLATION_JS_CHECK electron\/main\/bad\.js/);
      expect(run.status).toBe(1);
    } finally {
      t.cleanup();
    }
  });
});
