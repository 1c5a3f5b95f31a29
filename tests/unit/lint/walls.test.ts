import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/**
 * Lints `code` as if it were the content of `filePath` and returns the rule ids and messages that fired.
 * The paths are real files (the type-aware parser only knows files its tsconfigs include); their
 * content on disk is not read or changed.
 */
async function lint(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

function rules(messages: { ruleId: string | null }[]): (string | null)[] {
  return messages.map((m) => m.ruleId);
}

describe('import walls (eslint.config.js)', () => {
  it('core may not import node:fs', async () => {
    const m = await lint(
      'electron/core/types.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    expect(rules(m)).toContain('no-restricted-imports');
    expect(m.find((x) => x.ruleId === 'no-restricted-imports')?.message).toMatch(/core is pure/);
  });

  it('core may not call Date.now', async () => {
    const m = await lint('electron/core/types.ts', 'export const now = (): number => Date.now();\n');
    expect(m).toContainEqual(
      expect.objectContaining({
        ruleId: 'no-restricted-properties',
        message: expect.stringMatching(/nowMs/),
      }),
    );
  });

  it('engine may not import electron', async () => {
    const m = await lint(
      'electron/engine/log.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(m.find((x) => x.ruleId === 'no-restricted-imports')?.message).toMatch(/never import electron/);
  });

  it('renderer may not import the engine', async () => {
    const m = await lint(
      'renderer/src/main.tsx',
      "import { Engine } from '../../electron/engine/engine';\nexport const e = Engine;\n",
    );
    expect(m.find((x) => x.ruleId === 'no-restricted-imports')?.message).toMatch(
      /only through electron\/shared/,
    );
  });

  it('ipcMain may not be imported or used outside electron/main/ipc', async () => {
    const imported = await lint(
      'electron/main/tray/tray-model.ts',
      "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n",
    );
    expect(imported.find((x) => x.ruleId === 'no-restricted-syntax')?.message).toMatch(
      /only in electron\/main\/ipc/,
    );

    const used = await lint(
      'electron/main/index.ts',
      "import * as electron from 'electron';\nelectron.ipcMain.handle('x', () => 1);\n",
    );
    expect(rules(used)).toContain('no-restricted-syntax');

    const renderer = await lint(
      'electron/main/windows/harden.ts',
      "import { ipcRenderer } from 'electron';\nexport const r = ipcRenderer;\n",
    );
    expect(rules(renderer)).toContain('no-restricted-syntax');
  });

  it('allows what the walls allow (the probes are not just failing on everything)', async () => {
    expect(
      await lint(
        'electron/main/ipc/electron-ipc.ts',
        "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'electron/preload/index.ts',
        "import { ipcRenderer } from 'electron';\nexport const r = ipcRenderer;\n",
      ),
    ).toEqual([]);
    expect(
      await lint('electron/core/types.ts', 'export const add = (a: number, b: number): number => a + b;\n'),
    ).toEqual([]);
    expect(
      await lint('electron/engine/log.ts', "import { join } from 'node:path';\nexport const j = join;\n"),
    ).toEqual([]);
  });
});
