// Runs a command with the services the tests need: a private D-Bus session with gnome-keyring's
// Secret Service unlocked (../shared/recipes/keyring.md), its data under .tmp so nothing touches ~.
// Without dbus-run-session the command runs directly, so keychain tests report "no keychain".
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
if (args.length === 0) {
  process.stderr.write('usage: node scripts/with-services.mjs <command> [args...]\n');
  process.exit(2);
}
const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const root = resolve(import.meta.dirname, '..', '.tmp');
mkdirSync(root, { recursive: true });

if (!has('dbus-run-session') || !has('gnome-keyring-daemon') || process.env.LULL_NO_KEYRING) {
  process.stderr.write(
    'with-services: no dbus-run-session/gnome-keyring-daemon; running without a keychain\n',
  );
  const r = spawnSync(args[0], args.slice(1), { stdio: 'inherit', env: process.env });
  process.exit(r.status ?? 1);
}

const base = mkdtempSync(join(root, 'keyring-'));
const data = join(base, 'data');
const run = join(base, 'run');
mkdirSync(data, { recursive: true });
mkdirSync(run, { recursive: true });
chmodSync(run, 0o700);
const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
// The daemon reads the unlock password from stdin; it exits with the D-Bus session.
const inner = `echo -n lull-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ${quoted}`;
const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], {
  stdio: 'inherit',
  env: { ...process.env, XDG_DATA_HOME: data, XDG_RUNTIME_DIR: run, LULL_KEYRING: '1' },
});
process.exit(r.status ?? 1);
