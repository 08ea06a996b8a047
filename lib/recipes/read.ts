/**
 * Reading a page with a recipe: each field's selector description to an element, and the element to a short text.
 * The page is untrusted: only text is read (never markup), script and style text is skipped, values are trimmed
 * and capped, a selector that throws reads nothing. Free of libraries: the content script loads it.
 */
import { recordIdAt } from './pattern.ts';
import type { FieldSelector, Recipe, RecipeField } from './types.ts';
import { LIMITS, RECIPE_FIELDS } from './types.ts';

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

/** Whitespace collapsed (NBSP included), zero-width characters dropped, trimmed. */
export function normalise(text: string | null | undefined): string {
  return (text ?? '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** The text an element shows (script and style left out), at most about `cap` characters, normalised. */
export function textOf(element: Element, cap: number = LIMITS.value): string {
  let text = '';
  const stack: Node[] = [element];
  while (stack.length > 0 && text.length <= cap * 2) {
    const node = stack.pop() as Node;
    if (node.nodeType === 3) text += node.nodeValue ?? '';
    else if (node.nodeType === 1 && !SKIPPED.has((node as Element).tagName)) {
      const children = node.childNodes;
      for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index] as Node);
      if (/^(?:BR|P|DIV|LI|TD|TH|DD|DT|TR)$/.test((node as Element).tagName)) text += ' ';
    }
  }
  return normalise(text).slice(0, cap).trim();
}

/** A label reduced for comparison: lowercase, no accents, no colons, stars or trailing dots. */
export function labelKey(text: string): string {
  return normalise(text)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[:*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function shortText(element: Element | null | undefined): string | undefined {
  if (!element) return undefined;
  const text = textOf(element, LIMITS.label + 1);
  return text && text.length <= LIMITS.label ? text : undefined;
}

function previousCell(cell: Element): Element | null {
  const previous = cell.previousElementSibling;
  return previous && (previous.tagName === 'TH' || previous.tagName === 'TD') ? previous : null;
}

function previousDt(dd: Element): Element | null {
  for (let node = dd.previousElementSibling; node; node = node.previousElementSibling) {
    if (node.tagName === 'DT') return node;
    if (node.tagName !== 'DD') return null;
  }
  return null;
}

export interface LabelFound {
  text: string;
  /** dt/dd, th/td, `<label>`, aria: explicit in the markup; else a sibling that merely comes first. */
  explicit: boolean;
}

/**
 * The texts that may label `element`, most explicit first: its dt (for a dd), the cell before it (for a cell),
 * its `<label>`s, aria-label(ledby), the element just before it, and the element before its parent when it opens
 * its parent.
 */
export function labelsOf(element: Element): LabelFound[] {
  const found: LabelFound[] = [];
  const add = (source: Element | string | null | undefined, explicit: boolean) => {
    const text = typeof source === 'string' ? normalise(source) : shortText(source);
    if (text && text.length <= LIMITS.label) found.push({ text, explicit });
  };
  if (element.tagName === 'DD') add(previousDt(element), true);
  if (element.tagName === 'TD' || element.tagName === 'TH') add(previousCell(element), true);
  for (const label of (element as HTMLInputElement).labels ?? []) add(label, true);
  add(element.getAttribute('aria-label'), true);
  for (const id of (element.getAttribute('aria-labelledby') ?? '').split(/\s+/).slice(0, 3)) {
    if (id) add(element.ownerDocument.getElementById(id), true);
  }
  add(element.previousElementSibling, false);
  const parent = element.parentElement;
  if (parent && parent.firstElementChild === element) add(parent.previousElementSibling, false);
  return found;
}

const MAX_CANDIDATES = 500;

/** The elements a selector description picks in `root`, in document order; none when `css` throws. */
export function selectAll(selector: FieldSelector, root: ParentNode): Element[] {
  let elements: NodeListOf<Element>;
  try {
    elements = root.querySelectorAll(selector.css);
  } catch {
    return [];
  }
  const key = selector.label === undefined ? undefined : labelKey(selector.label);
  const picked: Element[] = [];
  for (const [index, element] of elements.entries()) {
    if (index >= MAX_CANDIDATES) break;
    if (key === undefined || labelsOf(element).some((label) => labelKey(label.text) === key))
      picked.push(element);
  }
  return picked;
}

const EMAIL = /[^\s@<>()[\]"',;:]{1,64}@[^\s@<>()[\]"',;:]{1,190}\.[^\s@<>()[\]"',;:.]{2,24}/;

function controlValue(element: Element): string | undefined {
  if (element.tagName === 'INPUT' || element.tagName === 'TEXTAREA')
    return normalise((element as HTMLInputElement).value).slice(0, LIMITS.value);
  if (element.tagName === 'SELECT') {
    const option = (element as HTMLSelectElement).selectedOptions[0];
    return option ? textOf(option) : '';
  }
  return undefined;
}

function linkIn(element: Element, scheme: 'mailto' | 'tel'): string | undefined {
  const link = element.matches(`a[href^="${scheme}:" i]`)
    ? element
    : element.querySelector(`a[href^="${scheme}:" i]`);
  const href = link?.getAttribute('href')?.slice(scheme.length + 1, scheme.length + 1 + LIMITS.value * 2);
  if (!href) return undefined;
  try {
    return decodeURIComponent(href.split('?')[0] ?? '');
  } catch {
    return href.split('?')[0];
  }
}

/** A field's value as shown by `element`: an email address, a phone with 5+ digits, else the text. */
function fieldValue(element: Element, field: RecipeField): string | undefined {
  const text = controlValue(element) ?? textOf(element);
  if (field === 'email') {
    const address = EMAIL.exec(linkIn(element, 'mailto') ?? '')?.[0] ?? EMAIL.exec(text)?.[0];
    return address?.toLowerCase();
  }
  if (field === 'phone') {
    for (const candidate of [text, normalise(linkIn(element, 'tel'))]) {
      const phone = /\+?\(?\d[\d\s().\-/]{3,38}\d/.exec(candidate)?.[0];
      if (phone && phone.replace(/\D/g, '').length >= 5) return phone;
    }
    return undefined;
  }
  return /[\p{L}\p{N}]/u.test(text) ? text : undefined;
}

export type RecipeReading = Partial<Record<RecipeField, string>>;

/** The person `root` shows, read with the recipe's selectors: only the fields found, each a short text. */
export function readWithRecipe(recipe: Pick<Recipe, 'fields'>, root: ParentNode): RecipeReading {
  const reading: RecipeReading = {};
  for (const field of RECIPE_FIELDS) {
    const selector = recipe.fields[field];
    if (!selector) continue;
    for (const element of selectAll(selector, root)) {
      const value = fieldValue(element, field);
      if (value) {
        reading[field] = value;
        break;
      }
    }
  }
  return reading;
}

export interface PreviewPage {
  url: string;
  doc: ParentNode;
}

export interface PagePreview {
  url: string;
  /** The record id the URL template finds; null: the recipe would not run on this page. */
  recordId: string | null;
  reading: RecipeReading;
  /** The recipe's fields this page did not give. */
  missing: RecipeField[];
}

/** What the recipe finds on each page (the last few the agent saw), for the picker's preview. */
export function previewOnPages(
  recipe: Pick<Recipe, 'host' | 'urlPattern' | 'fields'>,
  pages: readonly PreviewPage[],
): PagePreview[] {
  return pages.map(({ url, doc }) => {
    let recordId: string | null = null;
    try {
      recordId = recordIdAt(recipe, new URL(url));
    } catch {}
    const reading = readWithRecipe(recipe, doc);
    const missing = RECIPE_FIELDS.filter((field) => recipe.fields[field] && !reading[field]);
    return { url, recordId, reading, missing };
  });
}
