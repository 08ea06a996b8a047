/**
 * Which rows of a fixed-height list are in view. Every row of the business list has the same height, so the
 * window is plain arithmetic; a general virtualizer (measuring rows, dynamic sizes) weighed more than the
 * content script's whole size budget.
 */
export interface VirtualWindow {
  start: number;
  end: number;
  offset: number;
  totalHeight: number;
}

export function virtualWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan = 6,
): VirtualWindow {
  // A scroll position past the end (the list just shrank) still shows the last rows.
  const first = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), Math.max(0, count - 1));
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end), offset: start * rowHeight, totalHeight: count * rowHeight };
}
