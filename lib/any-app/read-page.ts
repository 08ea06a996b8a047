/**
 * Who a page of any web app shows, read when the agent asks for a one-off lookup (the toolbar button, the
 * shortcut, the popup's "Look up on this page"): the agent's selected text first (an email, a phone or a name),
 * else the one email, or failing that the one phone, in the page's main content (navigation, header, footer and
 * asides left out), else nothing: several people or none, and the sidebar offers its search box.
 *
 * Self-contained on purpose (no imports, no closures over module state): it runs in the page, injected with
 * `scripting.executeScript({ func })`, and what it returns is only a proposal — the background checks it again
 * (../any-app/person.ts) before anything is looked up, since the page may have rewritten anything it reads.
 */
export type PagePerson =
  | { kind: 'email' | 'phone' | 'name'; value: string; from: 'selection' | 'page' }
  | { kind: 'none'; reason: 'nothing' | 'several' };

/**
 * Defaults are the page's own document and selection, so `executeScript({ func: readPagePerson })` needs no
 * arguments (a function injected that way is sent as its source: nothing outside it exists in the page).
 */
export function readPagePerson(
  doc: Document = document,
  selected: string = String(globalThis.getSelection?.() ?? ''),
): PagePerson {
  const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi;
  const PHONE = /\+?\(?\d[\d\s().-]{5,}\d/g;
  const DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;
  const NAME = /^[\p{L}][\p{L}\p{M}'’.-]*(?: [\p{L}][\p{L}\p{M}'’.-]*){0,4}$/u;
  /** A phone: 8 to 15 digits that are not a date. */
  const phones = (text: string): string[] =>
    (text.match(PHONE) ?? [])
      .map((raw) => raw.trim())
      .filter((raw) => {
        const digits = raw.replace(/\D/g, '').length;
        return digits >= 8 && digits <= 15 && !DATE.test(raw);
      });
  const emails = (text: string): string[] => (text.match(EMAIL) ?? []).map((e) => e.toLowerCase());

  // 1. The agent's selection: what they point at wins.
  const selection = selected.replace(/\s+/g, ' ').trim();
  if (selection && selection.length <= 200) {
    const email = [...new Set(emails(selection))];
    if (email.length === 1 && email[0]) return { kind: 'email', value: email[0], from: 'selection' };
    const phone = phones(selection);
    if (email.length === 0 && phone.length === 1 && phone[0])
      return { kind: 'phone', value: phone[0], from: 'selection' };
    if (email.length === 0 && phone.length === 0 && selection.length <= 80 && NAME.test(selection))
      return { kind: 'name', value: selection, from: 'selection' };
  }

  // 2. The page's main content, as text, without what surrounds it on every page.
  const root = doc.querySelector('main, [role="main"]') ?? doc.body;
  if (!root) return { kind: 'none', reason: 'nothing' };
  const SKIP =
    'nav, header, footer, aside, script, style, noscript, template, [hidden], [aria-hidden="true"], ' +
    '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"]';
  const texts: string[] = [];
  const links: string[] = [];
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) texts.push(child.nodeValue ?? '');
      else if (child.nodeType === 1) {
        const element = child as Element;
        // The main element itself may sit in nothing we skip; anything inside that matches is left out.
        if (element.matches(SKIP)) continue;
        const href = element.getAttribute('href') ?? '';
        if (/^(mailto|tel):/i.test(href)) {
          try {
            links.push(decodeURIComponent(href.replace(/^(mailto|tel):/i, '').split('?')[0] ?? ''));
          } catch {
            // A malformed link adds nothing.
          }
        }
        walk(element);
      }
    }
  };
  walk(root);
  const text = `${texts.join(' ')} ${links.join(' ')}`;
  const found = [...new Set(emails(text))];
  if (found.length === 1 && found[0]) return { kind: 'email', value: found[0], from: 'page' };
  if (found.length > 1) return { kind: 'none', reason: 'several' };
  const numbers = new Map<string, string>();
  for (const phone of phones(text)) {
    const digits = phone.replace(/\D/g, '');
    if (!numbers.has(digits)) numbers.set(digits, phone);
  }
  const [first] = numbers.values();
  if (numbers.size === 1 && first) return { kind: 'phone', value: first, from: 'page' };
  return { kind: 'none', reason: numbers.size > 1 ? 'several' : 'nothing' };
}
