/**
 * The sidebar's frame on the host page: open or folded to its launcher tab, and its width; remembered per site.
 * Kept by the content script (it lays the page out), in storage.local: nothing here decides anything but layout.
 */

import { DEFAULT_SIDEBAR_UI, SIDEBAR_UI, type SidebarUiState } from '../storage/keys';
import { readLocal, writeLocal } from '../storage/local';
import type { SiteId } from './sites/types';

export const MIN_WIDTH = 280;
export const MAX_WIDTH = 640;

export function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));
}

export function createShell(site: SiteId, onChange: (ui: SidebarUiState) => void) {
  let ui: SidebarUiState = { ...DEFAULT_SIDEBAR_UI };
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  const save = async () => {
    const all = await readLocal(SIDEBAR_UI);
    await writeLocal(SIDEBAR_UI, { ...all, [site]: ui });
  };

  const update = (change: Partial<SidebarUiState>, debounce = false) => {
    ui = { ...ui, ...change };
    onChange(ui);
    clearTimeout(saveTimer);
    // Dragging the edge changes the width many times a second: store the last value only. Opening and
    // closing are stored at once, so leaving the page right after cannot lose them.
    if (debounce) saveTimer = setTimeout(() => void save(), 250);
    else void save();
  };

  return {
    get ui() {
      return ui;
    },
    async load() {
      const saved = (await readLocal(SIDEBAR_UI))[site];
      if (saved) ui = { ...DEFAULT_SIDEBAR_UI, ...saved, width: clampWidth(saved.width) };
      onChange(ui);
    },
    open: () => update({ open: true }),
    close: () => update({ open: false }),
    toggle: () => update({ open: !ui.open }),
    resize: (width: number) => update({ width: clampWidth(width) }, true),
  };
}
