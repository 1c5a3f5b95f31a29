/** The demo source: a steady stream of sample notifications so a new user sees Lull work. */
import type { DemoConfig } from '../../../shared/accounts/chat';
import type { Source, SourceContext, SourceKindModule } from '../source';
import { status } from '../source';
import { demoItem, makeRandom } from './samples';

export const DEMO_ACCOUNT_ID = 'demo';

function createDemoSource(ctx: SourceContext): Source {
  const config: DemoConfig = ctx.account.config.kind === 'demo' ? ctx.account.config.demo : { perMinute: 2 };
  const random = makeRandom(ctx.now());
  let timer: NodeJS.Timeout | null = null;
  let n = 0;
  let stopped = false;

  const emit = async (): Promise<void> => {
    n += 1;
    try {
      await ctx.ingest([demoItem(ctx.account.id, n, ctx.now(), random)]);
    } catch (error) {
      ctx.log.warn('demo ingest failed', { error });
    }
  };
  const scheduleNext = (): void => {
    if (stopped) return;
    // Poisson-ish spacing around the configured rate, so it feels like real traffic.
    const meanMs = 60_000 / config.perMinute;
    const delayMs = Math.max(200, -Math.log(1 - random()) * meanMs);
    timer = setTimeout(() => void emit().then(scheduleNext), delayMs);
    timer.unref();
  };

  return {
    start() {
      stopped = false;
      ctx.setStatus(status('connected', 'Demo: sample notifications, not real mail or chat'));
      // One item right away so the first run shows something at once.
      return emit().then(scheduleNext);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      return Promise.resolve();
    },
    wake() {},
    markRead(items) {
      return Promise.resolve({ marked: items.length, failed: 0 });
    },
  };
}

export const demoSource: SourceKindModule = { create: createDemoSource };
