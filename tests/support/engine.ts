import { join } from 'node:path';
import type { EngineOptions } from '../../electron/engine/engine';
import { Engine } from '../../electron/engine/engine';
import type { EventName, EventPayload } from '../../electron/shared/contract';
import { loopbackOnlyDns } from './dns-server';
import { MemorySecrets } from './memory-secrets';
import { tempDir } from './temp';

export interface TestEngine {
  engine: Engine;
  dbPath: string;
  dir: string;
  clock: { now: number };
  events: { name: EventName; payload: EventPayload<EventName> }[];
  secrets: MemorySecrets;
  reopen(): Promise<Engine>;
  cleanup(): Promise<void>;
}

/** A real engine on a real SQLite file in .tmp, with a clock the test moves. */
export async function makeTestEngine(
  options: Partial<EngineOptions> & { startMs?: number } = {},
): Promise<TestEngine> {
  const { dir, cleanup } = tempDir('engine');
  const dbPath = join(dir, 'lull.db');
  const clock = { now: options.startMs ?? Date.UTC(2025, 5, 2, 8, 0) };
  const secrets = new MemorySecrets();
  const events: TestEngine['events'] = [];
  const open = async () => {
    const engine = await Engine.open({
      dbPath,
      secrets,
      now: () => clock.now,
      defaultTimeZone: 'UTC',
      autoStartSources: false,
      schedulerTickMs: 60_000,
      mailDns: loopbackOnlyDns(), // tests reach loopback only
      ...options,
    });
    engine.on((name, payload) => events.push({ name, payload }));
    return engine;
  };
  const t: TestEngine = {
    engine: await open(),
    dbPath,
    dir,
    clock,
    events,
    secrets,
    async reopen() {
      await t.engine.close();
      t.engine = await open();
      return t.engine;
    },
    async cleanup() {
      await t.engine.close();
      cleanup();
    },
  };
  return t;
}
