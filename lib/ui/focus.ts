/**
 * Keyboard focus across re-renders. Controls often vanish under the agent's focus (a form closes, a row moves
 * to another group, a view is replaced once a write lands): focus then falls to the page's body and the agent
 * is lost. These helpers put it back somewhere meaningful, and only when it was lost, never stealing it from
 * wherever the agent has moved since.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Told apart without globals (`ShadowRoot` is gone once a view's window is): a fragment with a host. */
function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === 11 && 'host' in node;
}

/** The document or shadow root an element lives in (the sidebar lives in a shadow root). */
function rootOf(node: Node): Document | ShadowRoot {
  const root = node.getRootNode();
  return isShadowRoot(root) ? root : (node.ownerDocument ?? (root as Document));
}

/** Focus is nowhere in particular: on nothing, on the body, or on an element that left the DOM. */
export function focusIsLost(root: Document | ShadowRoot): boolean {
  // The root's own document, and no global (not even ShadowRoot): a follower may still run once its view's
  // window is gone.
  const doc = isShadowRoot(root) ? root.ownerDocument : root;
  const active = root.activeElement;
  if (active) return active === doc.body || !active.isConnected;
  // Nothing focused in this shadow root: lost only if the page has nothing focused either.
  const page = doc.activeElement;
  return !page || page === doc.body;
}

function visible(el: Element): boolean {
  return el.getClientRects().length > 0 && !(el as HTMLButtonElement).disabled;
}

/**
 * Call while the agent uses `from` (a button, a form): returns `follow(selectors)`, which, once one of the
 * selectors is rendered (tried in order), focuses it — provided focus is still in `from` or was lost with it,
 * never when the agent has moved on. Gives up after `timeoutMs` (views that wait on HighLevel take seconds;
 * nothing waits forever). The root is taken now: `from` may have left the DOM by the time `follow` runs.
 */
export function focusFollower(from: Element): (selectors: string[], timeoutMs?: number) => void {
  const root = rootOf(from);
  return (selectors, timeoutMs = 1500) => {
    const until = Date.now() + timeoutMs;
    const attempt = () => {
      // The view's window is gone (the frame unloaded, the test's document torn down): nothing to follow.
      if (!from.ownerDocument.defaultView) return;
      const active = root.activeElement;
      const stillHere = active !== null && from.isConnected && from.contains(active);
      if (!stillHere && !focusIsLost(root)) return;
      for (const selector of selectors) {
        const found = [...root.querySelectorAll<HTMLElement>(selector)].find(
          (el) => !from.contains(el) && visible(el),
        );
        if (found) {
          found.focus();
          return;
        }
      }
      if (Date.now() < until) setTimeout(attempt, 50);
    };
    setTimeout(attempt, 0);
  };
}

/** Focuses `selector` in the tree `from` lives in (for a view about to replace `from`). */
export function focusIn(from: Element, selector: string): void {
  rootOf(from).querySelector<HTMLElement>(selector)?.focus();
}

/**
 * For a control that opens an inline form or dialog in its place: when it opens, focus goes to `first`; when it
 * closes and focus was inside (so is now lost), focus returns to `trigger`.
 */
export function useDisclosureFocus<T extends HTMLElement = HTMLElement, U extends HTMLElement = HTMLElement>(
  open: boolean,
): { trigger: RefObject<T | null>; first: RefObject<U | null> } {
  const trigger = useRef<T>(null);
  const first = useRef<U>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (open && !wasOpen.current) first.current?.focus();
    else if (!open && wasOpen.current && trigger.current && focusIsLost(rootOf(trigger.current)))
      trigger.current.focus();
    wasOpen.current = open;
  }, [open]);
  return { trigger, first };
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab cycle inside a modal dialog instead of leaving it. */
export function trapTab(event: KeyboardEvent, container: HTMLElement | null): void {
  if (event.key !== 'Tab' || !container) return;
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(visible);
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  const active = rootOf(container).activeElement;
  if (event.shiftKey && (active === first || !container.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !container.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
