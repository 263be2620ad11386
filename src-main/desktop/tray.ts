// The tray icon and its menu, rendered from a TrayView (tray-view.ts). Electron's Tray, Menu and
// nativeImage come in through the constructor, so a fake records what the user would see.
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayIconState, TrayItem, TrayView } from './tray-view';

export interface TrayLike<Image, Menu> {
  setImage(image: Image): void;
  setToolTip(text: string): void;
  setContextMenu(menu: Menu): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayServiceOptions<Image, Menu> {
  createTray: (image: Image) => TrayLike<Image, Menu>;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  icon: (state: TrayIconState) => Image;
  dispatch: (action: TrayAction) => void;
  platform: NodeJS.Platform;
}

/**
 * The icon file for a state: template images on macOS (black and alpha only, named *Template so the
 * menu bar tints them for light and dark), colour elsewhere. nativeImage picks up the @2x files beside.
 */
export function trayIconFile(resourcesDir: string, state: TrayIconState, platform: NodeJS.Platform): string {
  return path.join(resourcesDir, 'tray', platform === 'darwin' ? `${state}Template.png` : `${state}.png`);
}

export class TrayService<Image, Menu> {
  private tray: TrayLike<Image, Menu> | null = null;
  private shownIcon: TrayIconState | null = null;

  constructor(private readonly options: TrayServiceOptions<Image, Menu>) {}

  render(view: TrayView): void {
    if (!this.tray) {
      this.tray = this.options.createTray(this.options.icon(view.icon));
      this.shownIcon = view.icon;
      // On macOS a click opens the menu; elsewhere a click on the icon opens the window.
      if (this.options.platform !== 'darwin') {
        this.tray.on('click', () => this.options.dispatch({ type: 'open', route: null }));
      }
    } else if (this.shownIcon !== view.icon) {
      this.tray.setImage(this.options.icon(view.icon));
      this.shownIcon = view.icon;
    }
    this.tray.setToolTip(view.tooltip);
    this.tray.setContextMenu(this.options.buildMenu(view.items.map((item) => this.menuItem(item))));
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  private menuItem(item: TrayItem): MenuItemConstructorOptions {
    if (item.label === '-') return { type: 'separator' };
    const action = item.action;
    return {
      // "&" marks a mnemonic in menu labels; a title's "&" must show as itself.
      label: item.label.replace(/&/g, '&&'),
      enabled: item.enabled ?? true,
      ...(action ? { click: () => this.options.dispatch(action) } : {}),
      ...(item.submenu ? { submenu: item.submenu.map((sub) => this.menuItem(sub)) } : {}),
    };
  }
}
