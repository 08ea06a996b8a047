/**
 * The selector description a recipe proposes for the element the agent clicked, most robust first: a
 * `mailto:`/`tel:` link, the label beside the value (dt/dd, th/td, `<label>`, "Correo"/"Email" before it), a
 * stable attribute (data-testid, data-field, itemprop, name, aria-label, an id that does not look generated), a
 * stable class, and last a short path of positions. Each proposal is checked to pick exactly the clicked element
 * in `root` with the code that reads it later (read.ts); one that does not gives way to the next.
 */
import { labelKey, labelsOf, selectAll, textOf } from './read.ts';
import type { FieldSelector, RecipeField } from './types.ts';
import { LIMITS } from './types.ts';

export type ProposalBasis = 'link' | 'label' | 'attribute' | 'class' | 'path';

export interface Proposal {
  selector: FieldSelector;
  /** How it finds the element, for the picker to warn when it is only positions. */
  basis: ProposalBasis;
}

/** Label words of the four fields in English and Spanish (as labelKey gives them). */
const FIELD_LABEL =
  /^(?:(?:full |contact |client |customer |member )?name|nombre(?: completo| y apellidos| del (?:cliente|contacto))?|(?:first|last) name|apellidos?|e-?mail(?: address)?|mail|correo(?: electronico)?|(?:mobile |work |home )?(?:phone|telephone)(?: number)?|tel\.?|mobile|cell|telefono(?: movil| fijo)?|movil|celular|company(?: name)?|business|organi[sz]ation|empresa|compania|negocio|organizacion|razon social)$/;

const STABLE_ATTRIBUTES = [
  'data-testid',
  'data-test',
  'data-test-id',
  'data-qa',
  'data-cy',
  'data-field',
  'data-name',
  'itemprop',
  'name',
  'aria-label',
] as const;

const GENERATED_PREFIX =
  /^(?:ember|react|mui|radix|headlessui|rc-|ng-|el-|j_id|yui|ext-|gwt-|css-|sc-|jsx-|svelte-|emotion-|chakra-|_)/i;

/** A value a page's code wrote by hand, not one a framework generated (`:r3:`, `ember123`, `css-1x2y3z`). */
export function isStableToken(value: string): boolean {
  if (!value || value.length > 60 || /["\\\n\r\t:]/.test(value) || /\d{3,}/.test(value)) return false;
  if (GENERATED_PREFIX.test(value)) return false;
  // A hash (`1x2y3z`, `e1abc2d0`): letters and digits alternating more than once (`step2`, `h1` are names).
  return !value.split(/[-_\s]+/).some((part) => (part.match(/\d(?=[a-z])|[a-z](?=\d)/gi)?.length ?? 0) > 1);
}

const CSS_IDENT = /^-?[A-Za-z_][\w-]*$/;

function picksOnly(selector: FieldSelector, root: ParentNode, element: Element): boolean {
  const picked = selectAll(selector, root);
  return picked.length === 1 && picked[0] === element;
}

function tag(element: Element): string {
  return element.localName.toLowerCase();
}

function stableClasses(element: Element): string[] {
  return [...element.classList]
    .filter((name) => CSS_IDENT.test(name) && isStableToken(name) && !/[A-Z].*\d|\d.*[A-Z]/.test(name))
    .slice(0, 4);
}

/** The element and its ancestors that show the same text (a value wrapped in spans), up to four, within root. */
function sameValueChain(element: Element, root: ParentNode): Element[] {
  const text = textOf(element);
  const chain = [element];
  for (let node = element.parentElement; node && chain.length < 4; node = node.parentElement) {
    if (node === root || !(root as Node).contains(node) || textOf(node) !== text) break;
    chain.push(node);
  }
  return chain;
}

function labelFor(element: Element): string | undefined {
  for (const { text, explicit } of labelsOf(element)) {
    const key = labelKey(text);
    if (!key || !/\p{L}/u.test(key) || key === labelKey(textOf(element))) continue;
    if (explicit || FIELD_LABEL.test(key) || /:\s*$/.test(text)) return text.replace(/\s*:\s*$/, '');
  }
  return undefined;
}

function attributeSelectors(element: Element): string[] {
  const selectors: string[] = [];
  for (const name of STABLE_ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (value && isStableToken(value)) selectors.push(`${tag(element)}[${name}="${value}"]`);
  }
  if (element.id && CSS_IDENT.test(element.id) && isStableToken(element.id)) selectors.push(`#${element.id}`);
  return selectors;
}

/** An ancestor's own stable selector, or a path of `tag:nth-of-type(n)` steps from it (or from root). */
function pathTo(element: Element, root: ParentNode): string | undefined {
  const steps: string[] = [];
  for (let node: Element | null = element; node && node !== root; node = node.parentElement) {
    if (node !== element) {
      const anchor = [
        ...attributeSelectors(node),
        ...stableClasses(node).map((name) => `${tag(node)}.${name}`),
      ].find((css) => {
        try {
          return root.querySelectorAll(css).length === 1;
        } catch {
          return false;
        }
      });
      if (anchor) return [anchor, ...steps].join(' > ');
    }
    const parent: Element | null = node.parentElement;
    const sameTag = parent ? [...parent.children].filter((child) => child.localName === node?.localName) : [];
    steps.unshift(sameTag.length > 1 ? `${tag(node)}:nth-of-type(${sameTag.indexOf(node) + 1})` : tag(node));
    if (steps.length >= LIMITS.cssCompounds - 1) return undefined;
  }
  return steps.length > 0 ? steps.join(' > ') : undefined;
}

function* candidates(target: Element, root: ParentNode, field: RecipeField | undefined) {
  for (const scheme of ['mailto', 'tel'] as const) {
    if (field && field !== (scheme === 'mailto' ? 'email' : 'phone')) continue;
    const link = target.closest(`a[href^="${scheme}:" i]`) ?? target.querySelector(`a[href^="${scheme}:" i]`);
    if (!link) continue;
    const css = `a[href^="${scheme}:"]`;
    yield { element: link, basis: 'link' as const, selector: { css } };
    const label = labelFor(link) ?? (link.parentElement ? labelFor(link.parentElement) : undefined);
    if (label) yield { element: link, basis: 'link' as const, selector: { css, label } };
  }
  const chain = sameValueChain(target, root);
  for (const element of chain) {
    const label = labelFor(element);
    if (!label) continue;
    yield { element, basis: 'label' as const, selector: { css: tag(element), label } };
    for (const name of stableClasses(element))
      yield { element, basis: 'label' as const, selector: { css: `${tag(element)}.${name}`, label } };
  }
  for (const element of chain)
    for (const css of attributeSelectors(element))
      yield { element, basis: 'attribute' as const, selector: { css } };
  for (const element of chain)
    for (const name of stableClasses(element))
      yield { element, basis: 'class' as const, selector: { css: `${tag(element)}.${name}` } };
  yield { element: target, basis: 'path' as const, selector: { css: tag(target) } };
  const path = pathTo(target, root);
  if (path) yield { element: target, basis: 'path' as const, selector: { css: path } };
}

/**
 * The most robust selector description that picks exactly `element` in `root` (or the link or wrapper that
 * shows the same value), or null when none does. `field` narrows links to `mailto:` for email, `tel:` for phone.
 */
export function proposeSelector(element: Element, root: ParentNode, field?: RecipeField): Proposal | null {
  for (const candidate of candidates(element, root, field)) {
    const { css, label } = candidate.selector;
    if (css.length > LIMITS.css || (label && label.length > LIMITS.label)) continue;
    if (picksOnly(candidate.selector, root, candidate.element))
      return { selector: candidate.selector, basis: candidate.basis };
  }
  return null;
}
