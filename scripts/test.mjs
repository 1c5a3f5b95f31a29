// `npm test`: every check in order (typecheck, lint, Electronegativity, unit + integration,
// renderer build, end-to-end in Chromium, end-to-end in Electron where a binary exists), then one
// closing line "N passed, N failed, N skipped" summed over the test runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.tmp', 'results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const vitestJson = join(out, 'vitest.json');
const e2eJson = join(out, 'e2e.json');
const electronJson = join(out, 'e2e-electron.json');

const steps = [
  { name: 'typecheck', args: ['run', 'typecheck'] },
  { name: 'lint', args: ['run', 'lint'] },
  { name: 'lint:electron', args: ['run', 'lint:electron'] },
  {
    name: 'test:unit',
    args: [
      'run',
      'test:unit',
      '--',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestJson}`,
    ],
  },
  { name: 'build:renderer', args: ['run', 'build:renderer'] },
  {
    name: 'test:e2e',
    args: ['run', 'test:e2e', '--', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson },
  },
  {
    name: 'test:e2e-electron',
    args: ['run', 'test:e2e-electron', '--', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: electronJson },
  },
];

const totals = { passed: 0, failed: 0, skipped: 0 };

function countVitest(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  // A file that fails to load has no failed test of its own: count it as one failure.
  for (const file of r.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) totals.failed += 1;
  }
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

let failedStep = null;
const started = Date.now();
for (const step of steps) {
  process.stdout.write(`\n=== ${step.name}\n`);
  const r = spawnSync('npm', step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  if (r.status !== 0) {
    failedStep = step.name;
    break;
  }
}
countVitest(vitestJson);
countPlaywright(e2eJson);
countPlaywright(electronJson);
// A check that is not a test runner (typecheck, lint, build) failing counts as one failure.
if (failedStep && !['test:unit', 'test:e2e', 'test:e2e-electron'].includes(failedStep)) totals.failed += 1;
if (failedStep && totals.failed === 0) totals.failed = 1;
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
process.stdout.write(
  `\n${failedStep ? `npm test stopped at ${failedStep}` : 'npm test: every step passed'} (${minutes} min)\n`,
);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedStep ? 1 : 0);
