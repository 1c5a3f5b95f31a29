import { describe, expect, it } from 'vitest';
import type { MenuItemSpec, TrayIconKey } from '../../../../electron/main/tray/tray-model';
import { trayModel } from '../../../../electron/main/tray/tray-model';
import type { TrayLike } from '../../../../electron/main/tray/tray-presenter';
import { createTrayPresenter } from '../../../../electron/main/tray/tray-presenter';
import { makeEngineState, SHELL_NOW_MS } from '../../../support/make-engine-state';

type Call = [string, unknown];

/** A tray that records every setter call. */
function recordingTray(): TrayLike<string, readonly MenuItemSpec[]> & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    setImage: (image) => calls.push(['setImage', image]),
    setToolTip: (text) => calls.push(['setToolTip', text]),
    setContextMenu: (menu) => calls.push(['setContextMenu', menu?.length]),
    setTitle: (title) => calls.push(['setTitle', title]),
  };
}

const opts = { locale: 'en-GB', timeZone: 'UTC' };
const focus = {
  on: true,
  untilMs: SHELL_NOW_MS + 25 * 60_000,
  origin: 'manual' as const,
  paused: false,
  pausedUntilMs: null,
};

function setup(supportsTitle: boolean) {
  const tray = recordingTray();
  const presenter = createTrayPresenter({
    tray,
    imageFor: (key: TrayIconKey) => `img:${key}`,
    buildMenu: (items) => items,
    supportsTitle,
  });
  return { tray, presenter };
}

describe('tray presenter', () => {
  it('applies everything on first render', () => {
    const { tray, presenter } = setup(true);
    presenter.render(trayModel(makeEngineState(), SHELL_NOW_MS, opts));
    expect(tray.calls.map((c) => c[0])).toEqual(['setImage', 'setToolTip', 'setTitle', 'setContextMenu']);
    expect(tray.calls[0]).toEqual(['setImage', 'img:idle']);
  });

  it('does nothing when the model has not changed', () => {
    const { tray, presenter } = setup(true);
    const state = makeEngineState({ heldCount: 2 });
    presenter.render(trayModel(state, SHELL_NOW_MS, opts));
    tray.calls.length = 0;
    presenter.render(trayModel(state, SHELL_NOW_MS, opts));
    presenter.render(trayModel({ ...state, nowMs: state.nowMs + 60_000 }, SHELL_NOW_MS + 60_000, opts));
    expect(tray.calls).toEqual([]);
  });

  it('touches only what changed', () => {
    const { tray, presenter } = setup(false);
    presenter.render(trayModel(makeEngineState({ focus, heldCount: 1 }), SHELL_NOW_MS, opts));
    tray.calls.length = 0;
    // Another held item: same icon, new tooltip, new menu label; no title on this platform.
    presenter.render(trayModel(makeEngineState({ focus, heldCount: 2 }), SHELL_NOW_MS, opts));
    expect(tray.calls.map((c) => c[0])).toEqual(['setToolTip', 'setContextMenu']);
    tray.calls.length = 0;
    presenter.render(trayModel(makeEngineState({ focus, heldCount: 0 }), SHELL_NOW_MS, opts));
    expect(tray.calls[0]).toEqual(['setImage', 'img:focus']);
  });
});
