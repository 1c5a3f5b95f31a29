import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/engine/log';
import { SlackApi } from '../../../electron/engine/sources/slack/api';
import type { Clock } from '../../../electron/engine/sources/slack/rate';
import {
  READ_CHECK_MAX_CONVERSATIONS,
  readInSlack,
  type AskedAt,
} from '../../../electron/engine/sources/slack/read-markers';
import { SlackEmulator } from '../../support/slack-emulator';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await new SlackEmulator().start();
});
afterAll(async () => {
  await emu.stop();
});

describe('readInSlack', () => {
  it('asks every conversation in turn when more wait than one check may ask', async () => {
    const total = READ_CHECK_MAX_CONVERSATIONS + 5;
    const open = [];
    for (let i = 0; i < total; i++) {
      const id = `CREAD${String(i).padStart(2, '0')}`;
      const ts = `1700000${String(i).padStart(3, '0')}.000100`;
      // Each conversation was read on the phone past its one waiting message.
      emu.addChannel({ id, name: `read-${i}`, type: 'channel', last_read: `${ts.split('.')[0]}.000200` });
      open.push({ externalId: `${id}:${ts}`, threadKey: `${id}:${ts}` });
    }
    // Pacing (Tier 3) waits on this clock, which moves on at once: the test need not wait 45 s.
    let t = 0;
    const clock: Clock = {
      now: () => t,
      sleep: (ms) => {
        t += ms;
        return Promise.resolve();
      },
    };
    const api = new SlackApi(emu.userToken, {
      slackApiUrl: emu.apiUrl,
      clock,
      log: createLogger({ test: true }),
    });
    const askedAt: AskedAt = new Map();
    const before = emu.callCount('conversations.info');

    const first = await readInSlack(api, open, askedAt, 1000);
    expect(first).toHaveLength(READ_CHECK_MAX_CONVERSATIONS);
    // The next check asks the five the first one left, before any it asked already.
    const left = open.filter((o) => !first.includes(o.externalId));
    const second = await readInSlack(api, open, askedAt, 2000);
    expect(second.slice(0, 5).sort()).toEqual(left.map((o) => o.externalId).sort());
    expect(new Set([...first, ...second]).size).toBe(total);
    expect(emu.callCount('conversations.info') - before).toBe(2 * READ_CHECK_MAX_CONVERSATIONS);

    // Conversations with nothing waiting any more are forgotten.
    await readInSlack(api, open.slice(0, 2), askedAt, 3000);
    expect([...askedAt.keys()].sort()).toEqual(['CREAD00', 'CREAD01']);
  });
});
