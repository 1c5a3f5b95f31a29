/**
 * Applies a TrayModel to a tray. Keeps what it last applied and touches only what changed,
 * so an unchanged state causes no setter call (no flicker, no menu churn): the Signal Desktop
 * tray-service pattern.
 *
 * The tray, menu and image types are narrow interfaces so this runs in Node tests with a fake.
 */
import type { MenuItemSpec, TrayIconKey, TrayModel } from './tray-model';

export interface TrayLike<Image, Menu> {
  setImage(image: Image): void;
  setToolTip(text: string): void;
  setContextMenu(menu: Menu | null): void;
  setTitle(title: string): void;
}

export interface TrayPresenterDeps<Image, Menu> {
  readonly tray: TrayLike<Image, Menu>;
  readonly imageFor: (key: TrayIconKey) => Image;
  readonly buildMenu: (items: readonly MenuItemSpec[]) => Menu;
  /** setTitle shows text next to the icon on macOS only; elsewhere it is skipped. */
  readonly supportsTitle: boolean;
}

export interface TrayPresenter {
  render(model: TrayModel): void;
}

export function createTrayPresenter<Image, Menu>(deps: TrayPresenterDeps<Image, Menu>): TrayPresenter {
  let icon: TrayIconKey | null = null;
  let tooltip: string | null = null;
  let title: string | null = null;
  let menuKey: string | null = null;
  return {
    render(model) {
      if (model.icon !== icon) {
        deps.tray.setImage(deps.imageFor(model.icon));
        icon = model.icon;
      }
      if (model.tooltip !== tooltip) {
        deps.tray.setToolTip(model.tooltip);
        tooltip = model.tooltip;
      }
      if (deps.supportsTitle && model.title !== title) {
        deps.tray.setTitle(model.title);
        title = model.title;
      }
      const nextMenuKey = JSON.stringify(model.menu);
      if (nextMenuKey !== menuKey) {
        deps.tray.setContextMenu(deps.buildMenu(model.menu));
        menuKey = nextMenuKey;
      }
    },
  };
}
