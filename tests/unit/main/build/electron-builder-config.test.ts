import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../../../..');

interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: { filter: string[] }[];
  asarUnpack?: string[];
  npmRebuild?: boolean;
  extraMetadata?: { main?: string };
  directories?: { buildResources?: string };
  linux?: { target?: string[]; icon?: string };
  mac?: { target?: string[]; icon?: string; extendInfo?: Record<string, unknown> };
  win?: { target?: string[]; icon?: string };
  nsis?: { perMachine?: boolean };
}

/** electron-builder's own loader and schema validation (app-builder-lib), as `electron-builder` runs them. */
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validation can fail (an unknown key is rejected)', async () => {
    const config = await getConfig(root, null, null);
    await expect(
      validateConfiguration({ ...config, linux: { ...config.linux, trayIcon: 'x' } }, new DebugLogger(false)),
    ).rejects.toThrow(/Invalid configuration object/);
  });

  it('names Lull, targets AppImage+deb, dmg and nsis, and hides the Dock icon', async () => {
    const c = await getConfig(root, null, null);
    expect(c.appId).toBe('app.lull.desktop');
    expect(c.productName).toBe('Lull');
    expect(c.directories?.buildResources).toBe('build');
    expect(c.linux?.target).toEqual(['AppImage', 'deb']);
    expect(c.mac?.target).toEqual(['dmg']);
    expect(c.mac?.extendInfo?.LSUIElement).toBe(true);
    expect(c.win?.target).toEqual(['nsis']);
    expect(c.nsis?.perMachine).toBe(false);
    expect([c.linux?.icon, c.mac?.icon, c.win?.icon]).toEqual([
      'build/icons',
      'build/icon.png',
      'build/icon.ico',
    ]);
  });

  it('unpacks native modules from asar and does not rebuild them', async () => {
    const c = await getConfig(root, null, null);
    expect(c.asarUnpack).toEqual(
      expect.arrayContaining([
        '**/node_modules/keytar/**',
        '**/node_modules/libsql/**',
        '**/node_modules/@libsql/**',
        '**/*.node',
      ]),
    );
    expect(c.npmRebuild).toBe(false);
  });

  it('ships the bundles, the renderer and the tray icons', async () => {
    const c = await getConfig(root, null, null);
    expect(c.extraMetadata?.main).toBe('dist/main/index.cjs');
    expect(c.files?.[0]?.filter).toEqual(
      expect.arrayContaining(['dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'build/tray/**']),
    );
  });
});
