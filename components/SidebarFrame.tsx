import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../lib/i18n';
import { MAX_WIDTH, MIN_WIDTH, type Shell } from '../lib/sidebar/shell';

/** The panel's frame: a resize edge (mouse and keyboard), or the launcher tab when folded away. */
export function SidebarFrame({ shell, children }: { shell: Shell; children: ComponentChildren }) {
  const { open, width } = shell.ui.value;
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  /** Whether the agent's focus is in the sidebar (a removed element fires no focusout, so it stays true). */
  const focusInside = useRef(false);
  useEffect(() => {
    if (open === wasOpen.current) return;
    wasOpen.current = open;
    // Opened (launcher, shortcut): focus goes into the sidebar. Folded while focus was in it: to the launcher;
    // folded from the page (the shortcut), focus stays where the agent works.
    if (open) frame.current?.querySelector<HTMLElement>('.hls-title')?.focus();
    else if (focusInside.current && launcher.current) launcher.current.focus();
    focusInside.current = false;
  }, [open]);
  if (!open) {
    return (
      <button
        ref={launcher}
        type="button"
        class="hls-launcher"
        aria-label={t('sidebar_launcher')}
        onClick={shell.open}
      >
        HighLevel
      </button>
    );
  }
  return (
    <div
      ref={frame}
      class="hls-frame"
      style={{ '--hls-width': `${width}px` }}
      onFocusIn={() => {
        focusInside.current = true;
      }}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (next && !frame.current?.contains(next)) focusInside.current = false;
      }}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: a focusable separator is the ARIA pattern for a resize handle. */}
      <div
        class="hls-resizer"
        role="separator"
        aria-orientation="vertical"
        aria-label={t('sidebar_resize')}
        aria-valuemin={MIN_WIDTH}
        aria-valuemax={MAX_WIDTH}
        aria-valuenow={width}
        tabIndex={0}
        onKeyDown={(event) => {
          const step = event.shiftKey ? 60 : 20;
          if (event.key === 'ArrowLeft') shell.resize(width + step);
          else if (event.key === 'ArrowRight') shell.resize(width - step);
          else return;
          event.preventDefault();
        }}
        onPointerDown={(event) => {
          drag.current = { startX: event.clientX, startWidth: width };
          (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
        }}
        onPointerMove={(event) => {
          if (drag.current) shell.resize(drag.current.startWidth + (drag.current.startX - event.clientX));
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
      />
      {children}
    </div>
  );
}
