/**
 * Reading a contact off a host CRM page whose markup we do not control. The URL says which record; then a
 * user's selectors (when they match), labelled fields (dt/dd, th/td, label/control, label/value rows,
 * aria-label, autocomplete and name attributes) in English and Spanish, mailto:/tel: links, and finally the
 * main heading for the name. Everything here only reads the DOM and tolerates odd markup: a strange page
 * yields fewer fields, never an exception.
 */
import type { HostTask, PageContact, PageContactField, SiteId, SiteOverrides } from './types.ts';
import { normalizeText, safeDecode } from './url.ts';

export { compilePattern, normalizeText, recordIdFromUrl } from './url.ts';

// ---------------------------------------------------------------------------------------------------------
// Text

/** A label reduced for comparison: lowercase, no accents, no "(…)", no colons or required-field stars. */
export function labelKey(text: string): string {
  return normalizeText(text)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[:*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const EMAIL_IN_TEXT = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:.]{2,}/;

/** The first email address in `text`, lowercased; undefined when there is none. */
export function findEmail(text: string | null | undefined): string | undefined {
  const match = EMAIL_IN_TEXT.exec(normalizeText(text));
  return match ? match[0].toLowerCase() : undefined;
}

/** The address of a `mailto:` href, lowercased, without its `?subject=…` part. */
export function emailFromMailto(href: string): string | undefined {
  const address = href.replace(/^mailto:/i, '').split('?')[0] ?? '';
  return findEmail(safeDecode(address));
}

const PHONE_IN_TEXT = /\+?\(?\d[\d\s().\-/]{3,}\d/;

/** The first phone-looking run in `text`, as shown (whitespace collapsed); needs at least 5 digits. */
export function findPhone(text: string | null | undefined): string | undefined {
  const match = PHONE_IN_TEXT.exec(normalizeText(text));
  if (!match) return undefined;
  const phone = match[0].trim();
  return phoneDigits(phone).length >= 5 ? phone : undefined;
}

/** Only the digits of a phone number, for comparing numbers shown in different formats. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

const HONORIFIC = /^(?:mr|mrs|ms|miss|mx|dr|prof|sr|sra|srta|dna|dona|don|d)\.?\s+/i;

/**
 * Splits a full name into first and last name: "Last, First" when there is one comma, otherwise the first
 * word is the first name and the rest the last name (Spanish double surnames stay together). A leading
 * honorific is dropped; with a single name after it, that name is the last name.
 */
export function splitName(fullName: string): { firstName?: string; lastName?: string } {
  let name = normalizeText(fullName);
  const withoutHonorific = name.replace(HONORIFIC, '');
  if (withoutHonorific !== name && withoutHonorific) {
    // "Mr. Smith", "Sra. Martínez": an honorific goes with the surname.
    if (!withoutHonorific.includes(' ') && !withoutHonorific.includes(','))
      return { lastName: withoutHonorific };
    name = withoutHonorific;
  }
  if (!name) return {};
  const commaParts = name.split(',');
  if (commaParts.length === 2) {
    const lastName = normalizeText(commaParts[0]);
    const firstName = normalizeText(commaParts[1]);
    if (firstName && lastName) return { firstName, lastName };
  }
  const space = name.indexOf(' ');
  if (space < 0) return { firstName: name };
  return { firstName: name.slice(0, space), lastName: name.slice(space + 1) };
}

const PLACEHOLDER =
  /^(?:n ?\/ ?a|n ?\/ ?d|none|not set|not provided|unknown|no email|no phone|no company|sin (?:email|e-mail|correo|telefono|empresa|datos|nombre)|ninguno|ninguna|no disponible|no informado|desconocido|select.*|selecciona.*|elige.*)$/;

/** True for text that stands for "no value": empty, only punctuation (—, -, …), or words like "N/A". */
export function isPlaceholder(text: string): boolean {
  const key = labelKey(text);
  return !/[\p{L}\p{N}]/u.test(key) || PLACEHOLDER.test(key.replace(/^[-–—\s]+|[-–—\s]+$/g, ''));
}

// ---------------------------------------------------------------------------------------------------------
// Labels

type ContactLabel =
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'secondLastName'
  | 'nombre'
  | 'email'
  | 'phone'
  | 'company';

/** Label words by field, matched against `labelKey(label)`. "Nombre" alone is a full name unless the page
 *  also has "Apellidos", in which case it is the first name. */
const CONTACT_LABELS: ReadonlyArray<readonly [ContactLabel, RegExp]> = [
  ['email', /^(?:(?:work|personal|primary|main|business|home|contact) )?e[- ]?mail(?: address)?(?: \d)?$/],
  [
    'email',
    /^(?:direccion de )?(?:correo(?: electronico)?|correo-e|e[- ]?mail)(?: (?:principal|personal|de contacto|\d))?$/,
  ],
  [
    'phone',
    /^(?:(?:mobile|cell|work|home|primary|main|business|office|contact) )?(?:phone(?: number)?|telephone|tel\.?)(?: (?:number|no\.?|#|\d))?$/,
  ],
  ['phone', /^(?:mobile|cell|cellphone|cell phone|mobile (?:phone|number))$/],
  [
    'phone',
    /^(?:numero de )?(?:telefono|tel\.?|tlf\.?|tfno\.?|movil|celular)(?: (?:movil|fijo|principal|de contacto|\d))?$/,
  ],
  [
    'company',
    /^(?:company(?: name)?|business(?: name)?|organi[sz]ation|employer|empresa|nombre de (?:la )?empresa|compania|negocio|organizacion|razon social|cliente empresa)$/,
  ],
  [
    'name',
    /^(?:name|full name|contact name|member name|client name|customer name|nombre completo|nombre y apellidos|nombre del (?:cliente|contacto))$/,
  ],
  ['firstName', /^(?:first name|firstname|given name|forename|nombre de pila)$/],
  ['nombre', /^nombre$/],
  ['lastName', /^(?:last name|lastname|surname|family name|apellidos?|primer apellido)$/],
  ['secondLastName', /^segundo apellido$/],
];

const BUSINESS_NAME_LABEL =
  /^(?:razon social|nombre|nombre de (?:la )?empresa|nombre comercial|empresa|company(?: name)?|business(?: name)?|name|organi[sz]ation(?: name)?)$/;

const TASK_LABELS = {
  title: /^(?:title|task|task title|task name|subject|titulo|tarea|asunto|nombre de la tarea)$/,
  due: /^(?:due|due date|due on|due by|deadline|date|fecha|fecha limite|vencimiento|fecha de vencimiento|vence)$/,
  description: /^(?:description|details|notes?|descripcion|detalles|notas?)$/,
} as const;

const AUTOCOMPLETE_LABEL: Readonly<Record<string, ContactLabel>> = {
  name: 'name',
  'given-name': 'firstName',
  'family-name': 'lastName',
  email: 'email',
  tel: 'phone',
  'tel-national': 'phone',
  organization: 'company',
};

function contactLabel(key: string): ContactLabel | null {
  if (!key || key.length > 40) return null;
  for (const [label, pattern] of CONTACT_LABELS) if (pattern.test(key)) return label;
  return null;
}

/** `first_name`, `firstName`, `contact[email]` → "first name", "first name", "contact email". */
function attributeKey(value: string): string {
  return labelKey(value.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_[\].]+/g, ' '));
}

// ---------------------------------------------------------------------------------------------------------
// Where to look

/** Page chrome that never holds the contact's own fields (menus, breadcrumbs, footers, hidden parts). */
const OUTSIDE_CONTENT =
  'nav, footer, [role="navigation"], [role="contentinfo"], [role="search"], [hidden], [aria-hidden="true"], template, script, style, noscript';

function isOutsideContent(element: Element): boolean {
  return element.closest(OUTSIDE_CONTENT) !== null;
}

/** The page's main area: `<main>` or `[role=main]` when there is one, else the body. */
export function mainArea(doc: Document): ParentNode {
  for (const main of doc.querySelectorAll('main, [role="main"]')) if (!isOutsideContent(main)) return main;
  return doc.body ?? doc.documentElement;
}

/** The dialog open on top of the page (`<dialog open>`, `role=dialog`), the last shown one; null when none is. */
export function openDialog(doc: Document): Element | null {
  const shown = [...doc.querySelectorAll('dialog[open], [role="dialog"], [role="alertdialog"]')].filter(
    (dialog) => !dialog.closest('[hidden], [aria-hidden="true"], dialog:not([open])'),
  );
  return shown.at(-1) ?? null;
}

type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const TEXT_INPUT_TYPES = new Set(['', 'text', 'email', 'tel', 'search', 'url', 'date', 'datetime-local']);

function isFormControl(node: Node | null): node is FormControl {
  if (node?.nodeType !== 1) return false;
  const tag = (node as Element).tagName;
  if (tag === 'SELECT' || tag === 'TEXTAREA') return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has(((node as HTMLInputElement).type || '').toLowerCase());
}

function controlValue(control: FormControl): string {
  if (control.tagName === 'SELECT') {
    const select = control as HTMLSelectElement;
    const option = select.selectedOptions[0];
    return option && option.value !== '' ? normalizeText(option.textContent) : '';
  }
  return normalizeText(control.value);
}

/** The label keys a control answers to, best first: its <label>s, aria-label(ledby), placeholder, name, id. */
function controlKeys(control: FormControl): string[] {
  const keys: string[] = [];
  for (const label of control.labels ?? []) keys.push(labelKey(textWithoutControls(label)));
  const ariaLabel = control.getAttribute('aria-label');
  if (ariaLabel) keys.push(labelKey(ariaLabel));
  const labelledBy = ariaLabelledByText(control);
  if (labelledBy) keys.push(labelKey(labelledBy));
  const placeholder = control.getAttribute('placeholder');
  if (placeholder) keys.push(labelKey(placeholder));
  for (const attribute of ['name', 'id']) {
    const value = control.getAttribute(attribute);
    if (value) keys.push(attributeKey(value));
  }
  return keys.filter((key) => key !== '');
}

function controlContactLabel(control: FormControl): ContactLabel | null {
  for (const key of controlKeys(control)) {
    const label = contactLabel(key);
    if (label) return label;
  }
  const autocomplete = (control.getAttribute('autocomplete') ?? '').trim().split(/\s+/).pop() ?? '';
  const fromAutocomplete = AUTOCOMPLETE_LABEL[autocomplete.toLowerCase()];
  if (fromAutocomplete) return fromAutocomplete;
  if (control.tagName === 'INPUT') {
    const type = (control as HTMLInputElement).type;
    if (type === 'email') return 'email';
    if (type === 'tel') return 'phone';
  }
  return null;
}

function textWithoutControls(element: Element): string {
  let text = '';
  for (const node of element.childNodes) {
    if (node.nodeType === 3) text += node.textContent ?? '';
    else if (node.nodeType === 1 && !isFormControl(node) && (node as Element).tagName !== 'SELECT')
      text += textWithoutControls(node as Element);
  }
  return text;
}

function ariaLabelledByText(element: Element): string {
  const ids = element.getAttribute('aria-labelledby');
  if (!ids) return '';
  const doc = element.ownerDocument;
  return ids
    .split(/\s+/)
    .map((id) => (id ? normalizeText(doc.getElementById(id)?.textContent) : ''))
    .join(' ')
    .trim();
}

function isShownControl(control: FormControl): boolean {
  return !isOutsideContent(control) && control.closest('dialog:not([open])') === null;
}

function isEditableControl(control: FormControl): boolean {
  return isShownControl(control) && !control.disabled && !(control as HTMLInputElement).readOnly;
}

// ---------------------------------------------------------------------------------------------------------
// Labelled fields

/** A label found on the page and where its value is: an element, or loose text after the label. */
interface LabelledValue {
  key: string;
  value: Element | string;
}

function nextDd(dt: Element): Element | null {
  for (let node = dt.nextElementSibling; node; node = node.nextElementSibling) {
    if (node.tagName === 'DD') return node;
    if (node.tagName === 'DT') return null;
  }
  return null;
}

/** Text nodes (and inline elements) right after `label` inside its parent, e.g. `<b>Email:</b> ana@x.com`. */
function looseTextAfter(label: Element): string {
  let text = '';
  for (let node = label.nextSibling; node; node = node.nextSibling) {
    if (node.nodeType === 1 && ['BR', 'DIV', 'P', 'LI', 'TR', 'DT', 'DD'].includes((node as Element).tagName))
      break;
    text += node.textContent ?? '';
  }
  return normalizeText(text);
}

/** The value next to a leaf label: the following element, loose text after it, or the parent's next sibling. */
function valueAfterLabel(label: Element): Element | string | undefined {
  const next = label.nextElementSibling;
  let gap = '';
  for (let node = label.nextSibling; node && node !== next; node = node.nextSibling)
    gap += node.textContent ?? '';
  if (next && !normalizeText(gap)) return next;
  return looseTextAfter(label) || label.parentElement?.nextElementSibling || undefined;
}

const LEAF_LABEL_TAGS = 'td, span, div, strong, b, p, small, em, i, li, dfn, h3, h4, h5, h6, legend';

/**
 * Every (label, value) pair of the non-form structures in `scope`, most explicit first: definition lists,
 * table headers, standalone <label>s, aria-label(ledby), then short leaf elements reading like a label
 * ("Teléfono", "Email:") whose value follows them.
 */
function* labelledValues(scope: ParentNode): Generator<LabelledValue> {
  for (const dt of scope.querySelectorAll('dt')) {
    const dd = nextDd(dt);
    if (dd && !isOutsideContent(dt)) yield { key: labelKey(dt.textContent ?? ''), value: dd };
  }
  for (const th of scope.querySelectorAll('tr > th')) {
    const cell = th.nextElementSibling;
    if (cell?.tagName === 'TD' && !isOutsideContent(th))
      yield { key: labelKey(th.textContent ?? ''), value: cell };
  }
  for (const label of scope.querySelectorAll('label')) {
    if ((label as HTMLLabelElement).control || label.querySelector('input, select, textarea')) continue;
    const value = label.nextElementSibling;
    if (value && !isOutsideContent(label)) yield { key: labelKey(label.textContent ?? ''), value };
  }
  for (const element of scope.querySelectorAll('[aria-label], [aria-labelledby]')) {
    if (isFormControl(element) || isOutsideContent(element)) continue;
    const label = element.getAttribute('aria-label') || ariaLabelledByText(element);
    if (label) yield { key: labelKey(label), value: element };
  }
  for (const element of scope.querySelectorAll(LEAF_LABEL_TAGS)) {
    if (element.childElementCount > 0) continue;
    const text = normalizeText(element.textContent);
    if (!text || text.length > 60 || isOutsideContent(element)) continue;
    const key = labelKey(text);
    if (contactLabel(key) || BUSINESS_NAME_LABEL.test(key)) {
      const value = valueAfterLabel(element);
      if (value) yield { key, value };
      continue;
    }
    const colon = text.indexOf(':');
    if (colon > 0) {
      const rest = normalizeText(text.slice(colon + 1));
      if (rest) yield { key: labelKey(text.slice(0, colon)), value: rest };
    }
  }
}

/** What a value element shows: its text, and the href of a mailto:/tel:/other link in it. */
interface ShownValue {
  text: string;
  mailto?: string;
  tel?: string;
  href?: string;
}

function shownValue(value: Element | string, includeControls: boolean): ShownValue | null {
  if (typeof value === 'string') return { text: value };
  if (isFormControl(value))
    return includeControls && isShownControl(value) ? { text: controlValue(value) } : null;
  const text = normalizeText(textWithoutControls(value));
  if (!text) {
    const control = value.querySelector('input, select, textarea');
    if (isFormControl(control)) {
      return includeControls && isShownControl(control) ? { text: controlValue(control) } : null;
    }
  }
  const link = value.tagName === 'A' ? value : value.querySelector('a[href]');
  const href = link?.getAttribute('href') ?? undefined;
  const shown: ShownValue = { text };
  if (href && /^mailto:/i.test(href)) shown.mailto = href;
  else if (href && /^tel:/i.test(href)) shown.tel = href;
  else if (href) shown.href = href;
  return shown;
}

/** The best phone of what is shown: the text as shown, unless the tel: link carries more digits. */
function phoneOf(shown: ShownValue): string | undefined {
  const fromText = findPhone(shown.text);
  const fromLink = shown.tel ? findPhone(safeDecode(shown.tel.replace(/^tel:/i, ''))) : undefined;
  if (fromText && fromLink)
    return phoneDigits(fromLink).length > phoneDigits(fromText).length ? fromLink : fromText;
  return fromText ?? fromLink;
}

function plainValue(shown: ShownValue): string | undefined {
  if (!shown.text || shown.text.length > 160 || isPlaceholder(shown.text)) return undefined;
  return shown.text;
}

/** Fields read from labels, before names are reconciled. */
export interface LabelledFields {
  name?: string;
  firstName?: string;
  lastName?: string;
  secondLastName?: string;
  nombre?: string;
  email?: string;
  phone?: string;
  company?: string;
  companyHref?: string;
}

function accept(fields: LabelledFields, label: ContactLabel, shown: ShownValue): void {
  if (fields[label] !== undefined) return;
  switch (label) {
    case 'email': {
      const email = (shown.mailto ? emailFromMailto(shown.mailto) : undefined) ?? findEmail(shown.text);
      if (email) fields.email = email;
      return;
    }
    case 'phone': {
      const phone = phoneOf(shown);
      if (phone) fields.phone = phone;
      return;
    }
    case 'company': {
      const company = plainValue(shown);
      if (company) {
        fields.company = company;
        if (shown.href) fields.companyHref = shown.href;
      }
      return;
    }
    default: {
      const text = plainValue(shown);
      if (text) fields[label] = text;
    }
  }
}

export interface LabelledFieldOptions {
  /** Read form controls too (an edit page); false reads only what the page shows as text. */
  includeControls: boolean;
}

/** The contact fields `scope` shows next to a label (or, with includeControls, in labelled form controls). */
export function readLabelledFields(scope: ParentNode, options: LabelledFieldOptions): LabelledFields {
  const fields: LabelledFields = {};
  for (const { key, value } of labelledValues(scope)) {
    const label = contactLabel(key);
    if (!label || fields[label] !== undefined) continue;
    const shown = shownValue(value, options.includeControls);
    if (shown) accept(fields, label, shown);
  }
  if (options.includeControls) {
    for (const control of scope.querySelectorAll('input, select, textarea')) {
      if (!isFormControl(control) || !isShownControl(control)) continue;
      const label = controlContactLabel(control);
      if (label) accept(fields, label, { text: controlValue(control) });
    }
  }
  return fields;
}

/** Which contact fields the editable controls in `scope` are for (whether filled or not). */
export function contactControlLabels(scope: ParentNode): Set<string> {
  const labels = new Set<string>();
  for (const control of scope.querySelectorAll('input, select, textarea')) {
    if (!isFormControl(control) || !isEditableControl(control)) continue;
    const label = controlContactLabel(control);
    if (label) labels.add(label);
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------------------
// Headings

const GENERIC_HEADING =
  /^(?:contacts?|contact details|contact info(?:rmation)?|members?|member profile|profile|overview|details|dashboard|home|clients?|customers?|clientes?|contactos?|ficha(?: del? cliente)?|datos(?: del cliente| generales| de contacto)?|inicio|tasks?|tareas?|untitled|sin nombre)$|^(?:edit|editar|editing|new|nuevo|nueva|add|anadir|create|crear|loading|cargando)\b/;

/** A heading's own text, leaving out badges and counters nested in it when it has text of its own. */
function headingText(heading: Element): string {
  let own = '';
  for (const node of heading.childNodes) if (node.nodeType === 3) own += node.textContent ?? '';
  return normalizeText(own) || normalizeText(heading.textContent);
}

/** The main area's (or `scope`'s) first meaningful h1 (else h2): the name a CRM puts at the top of a record. */
export function mainHeading(doc: Document, scope: ParentNode = mainArea(doc)): string | undefined {
  for (const level of ['h1, [role="heading"][aria-level="1"]', 'h2, [role="heading"][aria-level="2"]']) {
    for (const heading of scope.querySelectorAll(level)) {
      if (isOutsideContent(heading) || heading.closest('form')) continue;
      const text = headingText(heading);
      if (text && text.length <= 120 && !GENERIC_HEADING.test(labelKey(text)) && !isPlaceholder(text))
        return text;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// URL patterns

// ---------------------------------------------------------------------------------------------------------
// The contact

function selectedValue(
  doc: Document,
  selector: string | undefined,
  field: PageContactField,
): string | undefined {
  if (!selector?.trim()) return undefined;
  let element: Element | null;
  try {
    element = doc.querySelector(selector);
  } catch {
    return undefined;
  }
  if (!element) return undefined;
  const shown: ShownValue = isFormControl(element)
    ? { text: controlValue(element) }
    : (shownValue(element, true) ?? { text: '' });
  if (field === 'email')
    return (shown.mailto ? emailFromMailto(shown.mailto) : undefined) ?? findEmail(shown.text);
  if (field === 'phone') return phoneOf(shown);
  return plainValue(shown);
}

export interface ReadContactOptions {
  site: SiteId;
  hostRecordId: string;
  overrides?: SiteOverrides;
  /** The company a link's URL names (the host's company routes), to read `companyId` from the company link. */
  companyIdAt?: (url: URL) => string | null;
  /** The record is open in a dialog over another page: only the open dialog shows its person. */
  inDialog?: boolean;
  /** Read labelled form controls too (default true): an edit page is still about its contact. */
  includeControls?: boolean;
}

/** The first mailto:/tel: link of the main area, outside menus and forms, as a shown value. */
function firstLink(scope: ParentNode, scheme: 'mailto' | 'tel'): ShownValue | undefined {
  for (const link of scope.querySelectorAll(`a[href^="${scheme}:" i]`)) {
    if (isOutsideContent(link) || link.closest('form')) continue;
    const href = link.getAttribute('href') ?? '';
    const text = normalizeText(link.textContent);
    return scheme === 'mailto' ? { text, mailto: href } : { text, tel: href };
  }
  return undefined;
}

function companyIdFrom(doc: Document, href: string | undefined, idAt: ReadContactOptions['companyIdAt']) {
  if (!href || !idAt) return undefined;
  // Only the path matters; a document without a web address (about:blank) still resolves relative links.
  const base = /^https?:/i.test(doc.baseURI) ? doc.baseURI : 'https://host.invalid/';
  try {
    return idAt(new URL(href, base)) ?? undefined;
  } catch {
    return undefined;
  }
}

function joinName(...parts: Array<string | undefined>): string | undefined {
  return normalizeText(parts.filter(Boolean).join(' ')) || undefined;
}

/**
 * The contact `doc` shows, for a page already known to be the contact `hostRecordId`. Selector overrides
 * win when they match; then labelled fields; then mailto:/tel: links in the main area; then the heading.
 */
export function readContact(doc: Document, options: ReadContactOptions): PageContact {
  const selectors = options.overrides?.selectors ?? {};
  const dialog = options.inDialog ? openDialog(doc) : null;
  // A record open in a dialog: while the dialog is not (yet) shown, the page shows nobody of it.
  if (options.inDialog && !dialog) return { site: options.site, hostRecordId: options.hostRecordId };
  const scope = dialog ?? mainArea(doc);
  const fields = readLabelledFields(scope, { includeControls: options.includeControls ?? true });

  const selected = {
    name: selectedValue(doc, selectors.name, 'name'),
    firstName: selectedValue(doc, selectors.firstName, 'firstName'),
    lastName: selectedValue(doc, selectors.lastName, 'lastName'),
  };

  let firstName = fields.firstName;
  let lastName = fields.lastName ? joinName(fields.lastName, fields.secondLastName) : undefined;
  let name = fields.name;
  if (fields.nombre) {
    if (lastName) firstName ??= fields.nombre;
    else name ??= fields.nombre;
  }
  if (selected.name) {
    name = selected.name;
    firstName = undefined;
    lastName = undefined;
  }
  if (selected.firstName) firstName = selected.firstName;
  if (selected.lastName) lastName = selected.lastName;

  let email = selectedValue(doc, selectors.email, 'email') ?? fields.email;
  if (!email) {
    const link = firstLink(scope, 'mailto');
    email = link?.mailto ? (emailFromMailto(link.mailto) ?? findEmail(link.text)) : undefined;
  }
  let phone = selectedValue(doc, selectors.phone, 'phone') ?? fields.phone;
  if (!phone) {
    const link = firstLink(scope, 'tel');
    phone = link ? phoneOf(link) : undefined;
  }

  name ??= joinName(firstName, lastName);
  if (!name && !selected.name) {
    const heading = mainHeading(doc, scope);
    const headingEmail =
      heading && findEmail(heading) === heading.toLowerCase() ? findEmail(heading) : undefined;
    if (headingEmail) email ??= headingEmail;
    else name = heading;
  }
  if (name && !firstName && !lastName) ({ firstName, lastName } = splitName(name));

  const companyName = selectedValue(doc, selectors.companyName, 'companyName') ?? fields.company;
  const companyId = companyName ? companyIdFrom(doc, fields.companyHref, options.companyIdAt) : undefined;

  const contact: PageContact = { site: options.site, hostRecordId: options.hostRecordId };
  if (name) contact.name = name;
  if (firstName) contact.firstName = firstName;
  if (lastName) contact.lastName = lastName;
  if (email) contact.email = email;
  if (phone) contact.phone = phone;
  if (companyName) contact.companyName = companyName;
  if (companyId) contact.companyId = companyId;
  return contact;
}

/** True when the page gave more than the id: a name (or part of one), an email or a phone. */
export function hasContactDetails(contact: PageContact): boolean {
  return Boolean(contact.name || contact.firstName || contact.lastName || contact.email || contact.phone);
}

// ---------------------------------------------------------------------------------------------------------
// Businesses and tasks

/** The company a company page shows: its labelled name ("Razón social", "Company name", …), else the heading. */
export function readBusinessName(doc: Document): string | undefined {
  const scope = mainArea(doc);
  for (const { key, value } of labelledValues(scope)) {
    if (!BUSINESS_NAME_LABEL.test(key)) continue;
    const shown = shownValue(value, false);
    const name = shown ? plainValue(shown) : undefined;
    if (name) return name;
  }
  return mainHeading(doc);
}

function controlFor(form: ParentNode, pattern: RegExp): FormControl | undefined {
  for (const control of form.querySelectorAll('input, select, textarea')) {
    if (isFormControl(control) && controlKeys(control).some((key) => pattern.test(key))) return control;
  }
  return undefined;
}

/** True when `form` edits a company: it has a company-name control ("Razón social", "Company name", …). */
export function isBusinessForm(form: ParentNode): boolean {
  return controlFor(form, BUSINESS_NAME_LABEL) !== undefined;
}

/** True when `form` creates or edits a person: it has a name, first-name or last-name control. */
export function isContactForm(form: ParentNode): boolean {
  const labels = contactControlLabels(form);
  return ['name', 'firstName', 'lastName', 'nombre'].some((label) => labels.has(label));
}

/** True when `form` creates a task: a title control, and no person-name control. */
export function isTaskForm(form: ParentNode): boolean {
  return controlFor(form, TASK_LABELS.title) !== undefined && !isContactForm(form);
}

/** The title control's current value (empty once the host resets the form after saving). */
export function taskTitleIn(form: ParentNode): string {
  const control = controlFor(form, TASK_LABELS.title);
  return control ? controlValue(control) : '';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

function isoInstant(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A due date as ISO 8601: dates stay dates ("2025-03-01"), local date-times (datetime-local inputs) become
 * UTC instants in the browser's time zone, and "01/03/2025" is read day-first only on Spanish pages (an
 * English page's "03/01/2025" is ambiguous, so it is left out).
 */
export function parseDueDate(text: string, lang = ''): string | undefined {
  const value = normalizeText(text);
  if (ISO_DATE.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return validDate(year, month, day) ? value : undefined;
  }
  if (LOCAL_DATE_TIME.test(value) || ZONED_DATE_TIME.test(value)) return isoInstant(new Date(value));
  const dayFirst = DAY_MONTH_YEAR.exec(value);
  if (dayFirst && lang.toLowerCase().startsWith('es')) {
    const [day, month, year] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
    if (validDate(year, month, day))
      return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return undefined;
}

/** The task a task form is about to create; null when it has no title. */
export function readTaskForm(form: HTMLFormElement): HostTask | null {
  const title = taskTitleIn(form);
  if (!title) return null;
  const task: HostTask = { title };
  const due = controlFor(form, TASK_LABELS.due);
  const lang = form.closest('[lang]')?.getAttribute('lang') ?? '';
  const dueDate = due ? parseDueDate(controlValue(due), lang) : undefined;
  if (dueDate) task.dueDate = dueDate;
  const description = controlFor(form, TASK_LABELS.description);
  const descriptionText = description ? (description as HTMLTextAreaElement).value.trim() : '';
  if (descriptionText) task.description = descriptionText;
  return task;
}
