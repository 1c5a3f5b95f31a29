// Bundles the Electron main process and the preload into single CommonJS files with Vite's build
// API (SSR/library mode):
//   electron/main/index.ts    -> dist/main/index.cjs     (dependencies stay external: they ship in
//                                                         node_modules, and native ones are unpacked from asar)
//   electron/preload/index.ts -> dist/preload/index.cjs  (everything inlined: a sandboxed preload can
//                                                         require only 'electron')
// Usage: node scripts/build-electron.mjs [--out <dir>] [--only main|preload]
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const argValue = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const outRoot = resolve(root, argValue('--out') ?? 'dist');
const only = argValue('--only');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const deps = Object.keys(pkg.dependencies ?? {});
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isDependency = (id) => deps.some((d) => id === d || id.startsWith(`${d}/`));

const targets = {
  main: {
    entry: 'electron/main/index.ts',
    outDir: join(outRoot, 'main'),
    external: (id) => id === 'electron' || id.startsWith('electron/') || builtins.has(id) || isDependency(id),
  },
  preload: {
    entry: 'electron/preload/index.ts',
    outDir: join(outRoot, 'preload'),
    external: (id) => id === 'electron',
  },
};

for (const [name, t] of Object.entries(targets)) {
  if (only && only !== name) continue;
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: t.entry,
      outDir: t.outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rollupOptions: {
        external: t.external,
        output: { format: 'cjs', entryFileNames: 'index.cjs', codeSplitting: false },
      },
    },
  });
  process.stdout.write(`built ${name}: ${join(t.outDir, 'index.cjs')}\n`);
}
