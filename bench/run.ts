/**
 * Runs every suite in bench/suites (or those named: `npm run bench -- core store`).
 * `--json` prints one {"name","value","unit","goal","ok"} per line; otherwise a table.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult, BenchSuite } from './harness';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));
const dir = join(import.meta.dirname, 'suites');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort();

const all: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { suite?: BenchSuite };
  const suite = mod.suite;
  if (!suite || (only.length > 0 && !only.includes(suite.name))) continue;
  if (!json) process.stdout.write(`# ${suite.name}\n`);
  let results: BenchResult[];
  try {
    results = await suite.run();
  } catch (error) {
    results = [
      { name: `${suite.name}.error`, value: 0, unit: String(error).slice(0, 200), goal: 'runs', ok: false },
    ];
  }
  for (const r of results) {
    all.push(r);
    if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else
      process.stdout.write(
        `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(48)} ${String(r.value).padStart(12)} ${r.unit.padEnd(10)} goal ${r.goal}\n`,
      );
  }
}
if (!json) process.stdout.write(`${all.filter((r) => r.ok).length}/${all.length} figures within goal\n`);
process.exitCode = 0;
