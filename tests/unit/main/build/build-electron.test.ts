import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../../electron/shared/contract';
import { tempDir } from '../../../support/temp';

const root = resolve(import.meta.dirname, '../../../..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

let out: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir: out, cleanup } = tempDir('build-electron'));
  execFileSync(process.execPath, ['scripts/build-electron.mjs', '--out', join(out, 'dist')], {
    cwd: root,
    stdio: 'pipe',
  });
}, 120_000);
afterAll(() => cleanup());

function requiresIn(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
}

describe('scripts/build-electron.mjs', () => {
  it('bundles the preload into one file that requires only electron', () => {
    expect(requiresIn(join(out, 'dist/preload/index.cjs'))).toEqual(['electron']);
  });

  it('the preload bundle, run as a sandboxed preload, exposes exactly the contract on window.lull', () => {
    const exposed: Record<string, unknown> = {};
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: () => Promise.resolve(), on: () => {}, removeListener: () => {} },
    };
    // A sandboxed preload gets a `require` that knows only a few modules; here only electron.
    const sandboxRequire = (id: string): unknown => {
      if (id === 'electron') return fakeElectron;
      throw new Error(`sandboxed preload cannot require ${id}`);
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(join(out, 'dist/preload/index.cjs'), 'utf8'), {
      require: sandboxRequire,
      module,
      exports: module.exports,
      console,
    });
    expect(Object.keys(exposed)).toEqual(['lull']);
    expect(Object.keys(exposed.lull as object).sort()).toEqual([...COMMAND_NAMES, 'on'].sort());
  });

  it('bundles main with dependencies, builtins and electron left external', () => {
    const deps = Object.keys(pkg.dependencies);
    const isDep = (id: string) => deps.some((d) => id === d || id.startsWith(`${d}/`));
    const outside = requiresIn(join(out, 'dist/main/index.cjs')).filter(
      (id) => id !== 'electron' && !id.startsWith('node:') && !isDep(id),
    );
    expect(outside).toEqual([]);
  });
});

describe('electron-builder --linux dir (stand-in Electron, offline)', () => {
  it('packs app.asar with the bundles and tray icons and unpacks the native modules', () => {
    const fakeElectron = join(out, 'fake-electron');
    mkdirSync(fakeElectron, { recursive: true });
    writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\necho stand-in\n');
    chmodSync(join(fakeElectron, 'electron'), 0o755);
    writeFileSync(join(fakeElectron, 'version'), 'v41.7.1');
    writeFileSync(join(fakeElectron, 'LICENSE'), '');
    // The packaged files come from the project's dist/, so build it there first.
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'pipe' });
    execFileSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--linux',
        'dir',
        `-c.electronDist=${fakeElectron}`,
        `-c.directories.output=${join(out, 'release')}`,
      ],
      { cwd: root, stdio: 'pipe', timeout: 180_000 },
    );
    const unpacked = join(out, 'release', 'linux-unpacked');
    expect(existsSync(join(unpacked, 'lull'))).toBe(true);
    const asar = require('@electron/asar') as { listPackage(path: string, o: object): string[] };
    const files = asar
      .listPackage(join(unpacked, 'resources', 'app.asar'), {})
      .map((f) => f.replace(/\\/g, '/'));
    for (const f of [
      '/dist/main/index.cjs',
      '/dist/preload/index.cjs',
      '/build/tray/tray-idle.png',
      '/package.json',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('/electron/') || f.startsWith('/tests/'))).toBe(false);
    const natives = join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules');
    expect(existsSync(join(natives, 'keytar', 'build', 'Release', 'keytar.node'))).toBe(true);
    expect(existsSync(join(natives, '@libsql', 'linux-x64-gnu', 'index.node'))).toBe(true);
  }, 240_000);
});
