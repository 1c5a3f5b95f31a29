/**
 * Child process for the engine crash test: ingests and releases in a loop through the real Engine
 * until the parent SIGKILLs it. Prints "C <n>" once items up to n are committed.
 *
 * argv: dbPath, startMs (its fake clock), firstIndex (first item number of this round)
 */
import { Engine } from '../../electron/engine/engine';
import type { ItemInput } from '../../electron/core/types';
import { NO_HINTS } from '../../electron/core/types';
import { MemorySecrets } from './memory-secrets';

const [dbPath = '', startArg = '0', firstArg = '0'] = process.argv.slice(2);
const clock = { now: Number(startArg) };
let next = Number(firstArg);

function item(i: number): ItemInput {
  return {
    accountId: 'crash',
    source: 'imap',
    externalId: `item-${i}`,
    threadKey: `t-${i % 7}`,
    sender: { name: 'P', address: `p${i % 11}@example.com` },
    title: `Item ${i}`,
    preview: 'crash test',
    receivedAtMs: clock.now,
    link: '',
    altLink: '',
    hints: NO_HINTS,
    container: 'INBOX',
  };
}

const engine = await Engine.open({
  dbPath,
  secrets: new MemorySecrets(),
  now: () => clock.now,
  defaultTimeZone: 'UTC',
  autoStartSources: false,
  schedulerTickMs: 3_600_000,
});
await engine.api.startFocus({ untilMs: clock.now + 365 * 86_400_000 });
for (let loop = 0; ; loop++) {
  const items = Array.from({ length: 25 }, () => item(next++));
  await engine.ingest(items);
  process.stdout.write(`C ${next - 1}\n`);
  clock.now += 7 * 60_000; // slots (every 3 h) and the cap pass while we loop
  await engine.tick();
  if (loop % 9 === 4) await engine.api.releaseNow({});
}
