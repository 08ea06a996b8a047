/**
 * Noticing what the agent does on the host page: edits, creations, company edits and new tasks. A host
 * action is a form submit (armed, then confirmed by what the page shows next) or an in-place change of a
 * contact's shown fields right after the agent touched the page. On pages that are not contact pages and
 * with nothing armed, the only costs are a few passive event listeners and a one-second URL comparison;
 * the MutationObserver exists only on contact pages and while a submit awaits its result. An armed submit
 * is also kept in sessionStorage for a few seconds, so that a host that reloads the page after saving
 * (a classic form POST) or a restarted watcher still reports it.
 */

import { loadSubmit, PENDING_MS, saveSubmit } from './armed-store.ts';
import {
  contactControlLabels,
  hasContactDetails,
  isBusinessForm,
  isContactForm,
  isTaskForm,
  phoneDigits,
  readBusinessName,
  readTaskForm,
  taskTitleIn,
} from './extract.ts';
import type { HostEvent, HostTask, PageContact, SiteId } from './types.ts';

/** What the watcher needs to know about one CRM (built by defineSite from its definition and overrides). */
export interface WatchedSite {
  site: SiteId;
  contactIdAt(url: URL): string | null;
  /** The contact the page shows; `includeControls: false` reads only shown text, not form inputs. */
  readContact(doc: Document, url: URL, includeControls: boolean): PageContact | null;
  /** Company pages, for CRMs that have them. */
  businessIdAt?(url: URL): string | null;
  /** Whether the CRM has tasks on a contact's page. */
  tasks: boolean;
}

/** Quiet time after the last DOM change before the page is read again. */
const SETTLE_MS = 150;
/** A page that never stops changing is still read at least this often. */
const MAX_WAIT_MS = 1_000;
/** How often the URL is compared, for navigations that change no DOM we observe. */
const URL_POLL_MS = 1_000;
/** An in-place change counts as the agent's edit only this soon after a click or key press. */
const GESTURE_MS = 10_000;
/** Changes this soon after arriving on a page are the page loading, not edits. */
const ARRIVAL_GRACE_MS = 1_500;

type Pending =
  | { kind: 'contact'; fromId: string | null }
  | { kind: 'business'; id: string }
  | { kind: 'task'; contactId: string; task: HostTask; titleCount: number };

interface Armed {
  pending: Pending;
  /** The submitted form while it is in this document; null after a reload. */
  form: HTMLFormElement | null;
  /** Where the form was submitted. */
  url: string;
  until: number;
}

interface Seen {
  contact: PageContact;
  url: string;
  at: number;
}

const COMPARED_FIELDS = ['name', 'email', 'phone', 'companyName'] as const;

function comparable(contact: PageContact, field: (typeof COMPARED_FIELDS)[number]): string | undefined {
  const value = contact[field];
  if (!value) return undefined;
  return field === 'phone' ? phoneDigits(value) : value.toLowerCase();
}

function sameContact(a: PageContact, b: PageContact): boolean {
  return COMPARED_FIELDS.every((field) => comparable(a, field) === comparable(b, field));
}

/** A field shown both before and after, with another value: an edit (a field merely appearing is loading). */
function editedInPlace(before: PageContact, after: PageContact): boolean {
  return COMPARED_FIELDS.some((field) => {
    const a = comparable(before, field);
    const b = comparable(after, field);
    return a !== undefined && b !== undefined && a !== b;
  });
}

function isForm(target: EventTarget | null): target is HTMLFormElement {
  return (target as Element | null)?.tagName === 'FORM';
}

function isShown(element: Element): boolean {
  if (!element.isConnected || element.closest('[hidden], [aria-hidden="true"], dialog:not([open])'))
    return false;
  return element.ownerDocument.defaultView?.getComputedStyle(element).display !== 'none';
}

/** Every value of a form's controls, to tell a save that changed something from one that did not. */
function fingerprint(form: HTMLFormElement): string {
  const values: string[] = [];
  for (const element of form.elements) {
    const control = element as HTMLInputElement;
    if (control.type === 'checkbox' || control.type === 'radio') values.push(String(control.checked));
    else if ('value' in control) values.push(String(control.value));
  }
  return JSON.stringify(values);
}

function countOccurrences(doc: Document, text: string): number {
  const haystack = (doc.body?.textContent ?? '').replace(/\s+/g, ' ');
  const needle = text.replace(/\s+/g, ' ');
  if (!needle) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

function pageHasShownForm(doc: Document, test: (form: HTMLFormElement) => boolean): boolean {
  for (const form of doc.forms) if (isShown(form) && test(form)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Persistence of an armed submit (same tab, same origin, a few seconds at most)

function isPending(value: unknown): value is Pending {
  if (typeof value !== 'object' || value === null) return false;
  const pending = value as Record<string, unknown>;
  switch (pending.kind) {
    case 'contact':
      return pending.fromId === null || typeof pending.fromId === 'string';
    case 'business':
      return typeof pending.id === 'string';
    case 'task': {
      const task = pending.task as Record<string, unknown> | null;
      return (
        typeof pending.contactId === 'string' &&
        typeof pending.titleCount === 'number' &&
        typeof task === 'object' &&
        task !== null &&
        typeof task.title === 'string' &&
        (task.dueDate === undefined || typeof task.dueDate === 'string') &&
        (task.description === undefined || typeof task.description === 'string')
      );
    }
    default:
      return false;
  }
}

function saveArmed(win: Window, site: SiteId, armed: Armed | null): void {
  saveSubmit(win, armed && { v: 1, site, pending: armed.pending, url: armed.url, until: armed.until });
}

function loadArmed(win: Window, site: SiteId, now: number): Armed | null {
  const stored = loadSubmit(win, site, now);
  if (!stored) return null;
  if (!isPending(stored.pending)) {
    saveSubmit(win, null);
    return null;
  }
  return { pending: stored.pending, form: null, url: stored.url, until: stored.until };
}

// ---------------------------------------------------------------------------------------------------------

/** Watches `doc` until `signal` aborts, calling `emit` for each host-side event it is confident about. */
export function watchHostEvents(
  doc: Document,
  signal: AbortSignal,
  emit: (event: HostEvent) => void,
  site: WatchedSite,
  /** Forms submitted before the watcher started (the content script starts it on a page's first submit). */
  submitted: readonly HTMLFormElement[] = [],
): void {
  const win = doc.defaultView;
  if (!win || signal.aborted) return;

  // Forms handed over are seen as they are; what was kept of them for a reload is not needed then.
  let armed = submitted.length > 0 ? null : loadArmed(win, site.site, Date.now());
  if (submitted.length > 0) saveArmed(win, site.site, null);
  let lastUrl = win.location.href;
  let arrivedAt = Date.now();
  let lastGestureAt = 0;
  const seen = new Map<string, Seen>();
  /** The person last read in place, and whose record's page showed them. */
  let lastRead: { id: string; contact: PageContact } | null = null;
  const formSnapshots = new WeakMap<HTMLFormElement, string>();
  let observer: MutationObserver | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstScheduledAt = 0;

  const send = (event: HostEvent) => {
    if (signal.aborted) return;
    try {
      emit(event);
    } catch (error) {
      // The caller's bug must not stop the watcher; it still surfaces as an uncaught error.
      queueMicrotask(() => {
        throw error;
      });
    }
  };

  const arm = (next: Armed | null) => {
    armed = next;
    saveArmed(win, site.site, next);
  };

  const schedule = () => {
    if (signal.aborted) return;
    const now = Date.now();
    if (timer !== undefined) {
      if (now - firstScheduledAt >= MAX_WAIT_MS) return;
      clearTimeout(timer);
    } else {
      firstScheduledAt = now;
    }
    timer = setTimeout(runCheck, SETTLE_MS);
  };

  const syncObserver = (url: URL) => {
    const wanted = armed !== null || site.contactIdAt(url) !== null;
    if (wanted && !observer) {
      observer = new MutationObserver(schedule);
      observer.observe(doc.body ?? doc.documentElement, {
        childList: true,
        subtree: true,
        characterData: true,
      });
    } else if (!wanted && observer) {
      observer.disconnect();
      observer = null;
    }
  };

  const remember = (id: string, contact: PageContact, url: string, now: number) => {
    seen.set(id, { contact, url, at: now });
  };

  const resolveContact = (current: Armed, pending: { fromId: string | null }, url: URL, now: number) => {
    const formGone = !current.form || !isShown(current.form);
    const moved = url.href !== current.url;
    if (!formGone && !moved) return;
    const id = site.contactIdAt(url);
    if (!id) {
      if (moved) arm(null);
      return;
    }
    if (pageHasShownForm(doc, isContactForm)) return;
    const contact = site.readContact(doc, url, false);
    if (!contact || !hasContactDetails(contact)) return;
    arm(null);
    const before = seen.get(id);
    remember(id, contact, url.href, now);
    if (id !== pending.fromId) send({ type: 'contact.created', contact });
    else if (!before || !sameContact(before.contact, contact)) send({ type: 'contact.updated', contact });
  };

  const resolveBusiness = (current: Armed, pending: { id: string }, url: URL) => {
    const formGone = !current.form || !isShown(current.form);
    const moved = url.href !== current.url;
    if (!formGone && !moved) return;
    const id = site.businessIdAt?.(url) ?? null;
    if (id !== pending.id) {
      if (moved) arm(null);
      return;
    }
    if (pageHasShownForm(doc, isBusinessForm)) return;
    const name = readBusinessName(doc);
    if (!name) return;
    arm(null);
    send({ type: 'business.updated', business: { id, name } });
  };

  const resolveTask = (current: Armed, pending: Extract<Pending, { kind: 'task' }>, url: URL) => {
    const moved = url.href !== current.url;
    const id = site.contactIdAt(url);
    if (id !== pending.contactId) {
      if (moved) arm(null);
      return;
    }
    const listed = countOccurrences(doc, pending.task.title) > pending.titleCount;
    const formDone = current.form !== null && (!isShown(current.form) || taskTitleIn(current.form) === '');
    if (!listed && !formDone) return;
    const contact = site.readContact(doc, url, false) ?? { site: site.site, hostRecordId: id };
    arm(null);
    send({ type: 'task.created', contact, task: pending.task });
  };

  /** A contact's shown fields changed on the same page, soon after the agent clicked or typed. */
  const checkInPlace = (url: URL, now: number) => {
    const id = site.contactIdAt(url);
    if (!id || contactControlLabels(doc).size > 0) return;
    const contact = site.readContact(doc, url, false);
    if (!contact || !hasContactDetails(contact)) return;
    // After a navigation the app may show the previous record's person until the next has loaded: they are not
    // the next record's, and the next record's fields replacing them are no edit.
    if (lastRead && lastRead.id !== id && sameContact(lastRead.contact, contact)) return;
    lastRead = { id, contact };
    const before = seen.get(id);
    if (!before || before.url !== url.href) {
      remember(id, contact, url.href, now);
      return;
    }
    if (sameContact(before.contact, contact)) return;
    const settled = now - arrivedAt >= ARRIVAL_GRACE_MS;
    const byAgent = lastGestureAt > before.at && now - lastGestureAt <= GESTURE_MS;
    remember(id, contact, url.href, now);
    if (settled && byAgent && editedInPlace(before.contact, contact))
      send({ type: 'contact.updated', contact });
  };

  const check = () => {
    timer = undefined;
    if (signal.aborted) return;
    const now = Date.now();
    const href = win.location.href;
    if (href !== lastUrl) {
      lastUrl = href;
      arrivedAt = now;
    }
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return;
    }
    const current = armed;
    if (current && now > current.until) arm(null);
    else if (current) {
      const { pending } = current;
      if (pending.kind === 'contact') resolveContact(current, pending, url, now);
      else if (pending.kind === 'business') resolveBusiness(current, pending, url);
      else resolveTask(current, pending, url);
    } else {
      checkInPlace(url, now);
    }
    syncObserver(url);
  };

  const runCheck = () => {
    try {
      check();
    } catch {
      // Host pages are not ours: an unexpected shape must never break the page or the watcher.
      timer = undefined;
    }
  };

  const onSubmit = (event: Event) => {
    if (isForm(event.target)) submit(event.target);
  };

  const submit = (form: HTMLFormElement) => {
    let url: URL;
    try {
      url = new URL(win.location.href);
    } catch {
      return;
    }
    let pending: Pending | null = null;
    const businessId = site.businessIdAt?.(url) ?? null;
    const contactId = site.contactIdAt(url);
    const unchanged = formSnapshots.get(form) === fingerprint(form);
    if (businessId) {
      if (isBusinessForm(form) && !unchanged) pending = { kind: 'business', id: businessId };
    } else if (site.tasks && contactId && isTaskForm(form)) {
      const task = readTaskForm(form);
      if (task) pending = { kind: 'task', contactId, task, titleCount: countOccurrences(doc, task.title) };
    } else if (isContactForm(form) && !(contactId && unchanged)) {
      pending = { kind: 'contact', fromId: contactId };
    }
    formSnapshots.delete(form);
    if (!pending) return;
    arm({ pending, form, url: url.href, until: Date.now() + PENDING_MS });
    syncObserver(url);
    schedule();
  };

  const onFocusIn = (event: Event) => {
    const form = (event.target as Element | null)?.closest?.('form');
    if (form && !formSnapshots.has(form)) formSnapshots.set(form, fingerprint(form));
  };

  const onPointerDown = () => {
    lastGestureAt = Date.now();
    // The agent moved on before the page showed the result of the submit: whatever comes next is theirs.
    if (armed?.form) arm(null);
  };

  const onKeyDown = () => {
    lastGestureAt = Date.now();
  };

  const guarded =
    <E extends Event>(listener: (event: E) => void) =>
    (event: E) => {
      try {
        listener(event);
      } catch {
        // Host pages are not ours: an unexpected shape must never break the page or the watcher.
      }
    };

  const capture = { capture: true, passive: true, signal };
  doc.addEventListener('submit', guarded(onSubmit), capture);
  doc.addEventListener('focusin', guarded(onFocusIn), capture);
  doc.addEventListener('pointerdown', guarded(onPointerDown), capture);
  doc.addEventListener('keydown', guarded(onKeyDown), capture);
  win.addEventListener('popstate', schedule, { signal });
  win.addEventListener('hashchange', schedule, { signal });
  const poll = setInterval(() => {
    if (win.location.href !== lastUrl || armed) schedule();
  }, URL_POLL_MS);

  signal.addEventListener(
    'abort',
    () => {
      clearInterval(poll);
      clearTimeout(timer);
      observer?.disconnect();
      observer = null;
    },
    { once: true },
  );

  for (const form of submitted) {
    try {
      submit(form);
    } catch {
      // Host pages are not ours: an unexpected shape must never break the page or the watcher.
    }
  }
  timer = setTimeout(runCheck, 0);
  firstScheduledAt = Date.now();
  try {
    syncObserver(new URL(win.location.href));
  } catch {
    // An unparsable location leaves only the listeners; the first check will try again.
  }
}
