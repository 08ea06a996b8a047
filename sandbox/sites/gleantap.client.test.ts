// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGleantapSite } from './gleantap/app.ts';
import { mountGleantap } from './gleantap/client.ts';
import type { GleantapContact } from './gleantap/data.ts';
import { type MountedDemo, mountDemo, shown } from './testing.ts';

let demo: MountedDemo | null = null;

function open(path: string): MountedDemo {
  demo?.stop();
  demo = mountDemo(createGleantapSite(), mountGleantap, path);
  return demo;
}

afterEach(() => {
  demo?.stop();
  demo = null;
});

const main = () => document.querySelector('main') as HTMLElement;
const text = (selector: string) => document.querySelector(selector)?.textContent ?? null;
const link = (label: string) =>
  [...document.querySelectorAll('a')].find((a) => a.textContent?.trim() === label) as HTMLAnchorElement;

function fill(id: string, value: string) {
  const input = document.getElementById(id) as HTMLInputElement;
  input.value = value;
}

describe('the demo Gleantap app', () => {
  it('lists contacts with a left navigation and a meaningful title', async () => {
    open('/contacts');
    await shown('.contacts-table');
    expect(document.title).toBe('Contacts · Gleantap');
    expect(document.querySelector('nav.sidebar [aria-current="page"]')?.textContent).toBe('Contacts');
    expect(main().textContent).toContain('Ana García');
    expect(main().textContent).toContain('35 contacts');
  });

  it('opens a contact from the list without reloading the page, and goes back and forward', async () => {
    open('/contacts');
    await shown('.contacts-table');
    const root = document.getElementById('app');
    link('Ana García').click();
    expect(location.pathname).toBe('/contacts/gt_1001');
    await shown('.details');
    expect(document.getElementById('app')).toBe(root);
    expect(text('h1')).toBe('Ana García');
    expect(document.title).toBe('Ana García · Contacts · Gleantap');

    history.back();
    await vi.waitFor(() => expect(location.pathname).toBe('/contacts'));
    await shown('.contacts-table');
    history.forward();
    await vi.waitFor(() => expect(location.pathname).toBe('/contacts/gt_1001'));
    await shown('.details');
  });

  it('shows a contact with a profile header, labelled details and mailto:/tel: links', async () => {
    open('/contacts/gt_1001');
    const details = await shown('dl.details');
    expect(text('main .avatar')).toBe('AG');
    const terms = [...details.querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(terms).toEqual(['Email', 'Phone', 'Company', 'Membership', 'Member since', 'Source', 'Tags']);
    expect(details.querySelector('a[href="mailto:ana.garcia@example.com"]')?.textContent).toBe(
      'ana.garcia@example.com',
    );
    expect(details.querySelector('a[href="tel:+34612345678"]')?.textContent).toBe('+34 612 345 678');
  });

  it('leaves out the fields Gleantap does not have', async () => {
    open('/contacts/gt_1003');
    const details = await shown('dl.details');
    expect([...details.querySelectorAll('dt')].map((dt) => dt.textContent)).not.toContain('Email');
    expect(main().querySelector('a[href^="mailto:"], a[href^="tel:"]')).toBeNull();
  });

  it('renders script payloads as inert text', async () => {
    open('/contacts/gt_1006');
    await shown('dl.details');
    expect(text('h1')).toBe('<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>');
    expect(main().textContent).toContain('<svg onload="window.__xss=3">');
    expect(main().querySelector('img, script, svg, b, i')).toBeNull();
    link('Tasks 1').click();
    await shown('.task-title');
    expect(text('.task-title')).toBe('<img src=x onerror="window.__xss=7">');
    expect(main().querySelector('img, script')).toBeNull();
    expect((window as { __xss?: unknown }).__xss).toBeUndefined();
  });

  it('saves an edit, shows the contact with the new values and keeps them on the server', async () => {
    const { site } = open('/contacts/gt_1001/edit');
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    expect((document.getElementById('contact-email') as HTMLInputElement).value).toBe(
      'ana.garcia@example.com',
    );
    fill('contact-email', 'ana.new@example.com');
    form.requestSubmit();
    await vi.waitFor(() => expect(location.pathname).toBe('/contacts/gt_1001'));
    await shown('dl.details');
    expect(text('.flash')).toBe('Contact updated.');
    expect(main().querySelector('a[href="mailto:ana.new@example.com"]')).not.toBeNull();
    const saved = (await (await site.app.request('/api/contacts/gt_1001')).json()) as {
      contact: GleantapContact;
    };
    expect(saved.contact.email).toBe('ana.new@example.com');
  });

  it('shows the server’s message next to a field it refuses, and stays on the form', async () => {
    open('/contacts/gt_1001/edit');
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    fill('contact-phone', 'call me maybe');
    form.requestSubmit();
    await vi.waitFor(() => expect(text('#contact-phone-error')).toBe('Enter a valid phone number.'));
    expect(location.pathname).toBe('/contacts/gt_1001/edit');
  });

  it('creates a contact and arrives on its page', async () => {
    open('/contacts/new');
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    expect(text('h1')).toBe('New contact');
    fill('contact-firstName', 'Zoe');
    fill('contact-lastName', 'Park');
    fill('contact-email', 'zoe@example.com');
    form.requestSubmit();
    await vi.waitFor(() => expect(location.pathname).toBe('/contacts/gt_5001'));
    await shown('dl.details');
    expect(text('h1')).toBe('Zoe Park');
    expect(text('.flash')).toBe('Contact created.');
  });

  it('adds a task on the contact’s tasks tab, lists it and clears the form', async () => {
    open('/contacts/gt_1005/tasks');
    const form = (await shown('form.task-form')) as HTMLFormElement;
    await shown('.tasks');
    fill('task-title', 'Call after the trial');
    fill('task-due', '2026-02-03');
    form.requestSubmit();
    await vi.waitFor(() => expect(main().textContent).toContain('Call after the trial'));
    expect((document.getElementById('task-title') as HTMLInputElement).value).toBe('');
    expect(main().textContent).toContain('Due Feb 3, 2026');
    expect(text('[data-open-tasks]')).toBe('2');
  });

  it('tells when a contact does not exist', async () => {
    open('/contacts/gt_9999');
    await vi.waitFor(() => expect(text('h1')).toBe('Contact not found'));
    expect(document.title).toBe('Contact not found · Gleantap');
  });
});
