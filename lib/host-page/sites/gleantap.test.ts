// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGleantapSite } from '../../../sandbox/sites/gleantap/app.ts';
import { mountGleantap } from '../../../sandbox/sites/gleantap/client.ts';
import {
  fakeTimers,
  type MountedDemo,
  mountDemo,
  shown,
  staticPage,
  typeInto,
} from '../../../sandbox/sites/testing.ts';
import { adapterFor } from './index.ts';
import type { HostEvent, SiteAdapter } from './types.ts';

const gleantap = adapterFor('gleantap') as SiteAdapter;

const at = (path: string) => new URL(`https://app.gleantap.com${path}`);
const here = () => new URL(location.href);

let demo: MountedDemo | null = null;
let controller = new AbortController();

beforeEach(() => {
  sessionStorage.clear();
  controller = new AbortController();
});

afterEach(() => {
  controller.abort();
  demo?.stop();
  demo = null;
  document.body.replaceChildren();
  vi.useRealTimers();
});

function open(path: string, workrooms = false): MountedDemo {
  demo?.stop();
  demo = mountDemo(createGleantapSite(), (options) => mountGleantap({ ...options, workrooms }), path);
  return demo;
}

describe('Gleantap contact pages', () => {
  it.each([
    ['/contacts/gt_1001', 'gt_1001'],
    ['/contacts/gt_1001/', 'gt_1001'],
    ['/contacts/gt_1001/edit', 'gt_1001'],
    ['/contacts/gt_1001/tasks', 'gt_1001'],
    ['/contacts/gt_1001#notes', 'gt_1001'],
    ['/contacts/new', null],
    ['/contacts/new/', null],
    ['/contacts', null],
    ['/contacts/', null],
    ['/campaigns', null],
    ['/', null],
  ])('%s → %s', (path, id) => {
    expect(gleantap.matchContactPage(at(path))).toEqual(id ? { hostRecordId: id } : null);
  });

  it('follows a user URL pattern instead of the default, and the default when the pattern is invalid', () => {
    const hashRoute = { contactUrlPattern: '^/app#/member/(?<id>\\d+)' };
    expect(gleantap.matchContactPage(at('/app#/member/77'), hashRoute)).toEqual({ hostRecordId: '77' });
    expect(gleantap.matchContactPage(at('/contacts/gt_1001'), hashRoute)).toBeNull();
    expect(gleantap.matchContactPage(at('/contacts/gt_1001'), { contactUrlPattern: '(' })).toEqual({
      hostRecordId: 'gt_1001',
    });
  });
});

describe('Gleantap with workrooms (app2.gleantap.com)', () => {
  const link = (label: string) =>
    [...document.querySelectorAll('main a')].find((a) => a.textContent?.includes(label)) as HTMLAnchorElement;

  it('reads a member under the workroom chosen on the first page, and nothing on the pages around it', async () => {
    open('/', true);
    await shown('.workrooms');
    expect(gleantap.matchContactPage(here())).toBeNull();
    link('Downtown').click();
    await shown('.contacts-table');
    expect(location.pathname).toBe('/workroom/3187/contacts');
    expect(gleantap.matchContactPage(here())).toBeNull();
    expect(document.querySelector('.topbar .business')?.textContent).toBe('Sunrise Fitness · Downtown');
    link('Ana García').click();
    expect(location.pathname).toBe('/workroom/3187/contacts/gt_1001');
    await shown('dl.details');
    expect(gleantap.extractContact(document, here())).toMatchObject({
      hostRecordId: 'gt_1001',
      name: 'Ana García',
      email: 'ana.garcia@example.com',
    });
    link('Tasks').click();
    expect(location.pathname).toBe('/workroom/3187/contacts/gt_1001/tasks');
    expect(gleantap.matchContactPage(here())).toEqual({ hostRecordId: 'gt_1001' });
    (document.querySelector('.nav-link') as HTMLAnchorElement).click();
    expect(location.pathname).toBe('/workroom/3187/contacts');
    link('Add contact').click();
    expect(location.pathname).toBe('/workroom/3187/contacts/new');
    expect(gleantap.matchContactPage(here())).toBeNull();
  });
});

describe('reading the demo Gleantap', () => {
  it('reads a profile: name from the heading, email, phone and company from the details', async () => {
    open('/contacts/gt_1001');
    await shown('dl.details');
    expect(gleantap.extractContact(document, here())).toEqual({
      site: 'gleantap',
      hostRecordId: 'gt_1001',
      name: 'Ana García',
      firstName: 'Ana',
      lastName: 'García',
      email: 'ana.garcia@example.com',
      phone: '+34 612 345 678',
      companyName: 'Gimnasio Sol',
    });
  });

  it('reads the tasks tab from the profile header’s links', async () => {
    open('/contacts/gt_1002/tasks');
    await shown('form.task-form');
    expect(gleantap.extractContact(document, here())).toEqual({
      site: 'gleantap',
      hostRecordId: 'gt_1002',
      name: 'Ben Carter',
      firstName: 'Ben',
      lastName: 'Carter',
      email: 'bcarter.work@example.org',
      phone: '+1 (555) 123-4567',
    });
  });

  it('reads the edit page from its form', async () => {
    open('/contacts/gt_1005/edit');
    await shown('form.contact-form');
    expect(gleantap.extractContact(document, here())).toMatchObject({
      hostRecordId: 'gt_1005',
      name: 'Nora Quintana',
      firstName: 'Nora',
      lastName: 'Quintana',
      email: 'nora.quintana@example.com',
      phone: '+34699887766',
    });
  });

  it('reads only the name of a contact without email or phone', async () => {
    open('/contacts/gt_1003');
    await shown('dl.details');
    expect(gleantap.extractContact(document, here())).toEqual({
      site: 'gleantap',
      hostRecordId: 'gt_1003',
      name: 'John Smith',
      firstName: 'John',
      lastName: 'Smith',
    });
  });

  it('reads script payloads as literal text', async () => {
    open('/contacts/gt_1006');
    await shown('dl.details');
    const contact = gleantap.extractContact(document, here());
    expect(contact?.name).toBe('<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>');
    expect(contact?.companyName).toBe('<svg onload="window.__xss=3">');
    expect(document.querySelector('main img, main script, main svg')).toBeNull();
    expect((window as { __xss?: unknown }).__xss).toBeUndefined();
  });

  it('reads nothing on the list and on the create page', async () => {
    open('/contacts');
    await shown('.contacts-table');
    expect(gleantap.extractContact(document, here())).toBeNull();
    open('/contacts/new');
    await shown('form.contact-form');
    expect(gleantap.extractContact(document, here())).toBeNull();
  });
});

describe('reading other Gleantap markups', () => {
  it('reads an email shown as plain text', () => {
    const doc = staticPage(
      '/contacts/9',
      '<main><h1>Ana García</h1><dl><dt>Email address</dt><dd>Ana.Garcia@Example.com</dd><dt>Mobile</dt><dd>(555) 123-4567</dd></dl></main>',
    );
    expect(gleantap.extractContact(doc, here())).toMatchObject({
      email: 'ana.garcia@example.com',
      phone: '(555) 123-4567',
    });
  });

  it('reads a page that only has a heading', () => {
    const doc = staticPage('/contacts/9', '<main><h1>Members</h1><h2>Nora Quintana</h2></main>');
    expect(gleantap.extractContact(doc, here())).toEqual({
      site: 'gleantap',
      hostRecordId: '9',
      name: 'Nora Quintana',
      firstName: 'Nora',
      lastName: 'Quintana',
    });
  });

  it('keeps only the id when the page shows nothing it recognises', () => {
    const doc = staticPage('/contacts/9', '<main><p>Something else entirely</p></main>');
    expect(gleantap.extractContact(doc, here())).toEqual({ site: 'gleantap', hostRecordId: '9' });
  });

  it('reads what the user’s selectors point at before its own guesses', () => {
    const doc = staticPage(
      '/contacts/9',
      '<main><h1>Member profile</h1><div class="card"><span class="n">Ben Carter</span><span class="m">bc@example.org</span><span class="p">+1 555 123 4567</span></div></main>',
    );
    const overrides = {
      selectors: { name: '.card .n', email: '.card .m', phone: '.card .p', companyName: '.nope' },
    };
    expect(gleantap.extractContact(doc, here(), overrides)).toEqual({
      site: 'gleantap',
      hostRecordId: '9',
      name: 'Ben Carter',
      firstName: 'Ben',
      lastName: 'Carter',
      email: 'bc@example.org',
      phone: '+1 555 123 4567',
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

function watch(): HostEvent[] {
  const events: HostEvent[] = [];
  gleantap.observe(document, controller.signal, (event) => events.push(event));
  return events;
}

describe('watching the demo Gleantap', () => {
  it('notices an edit once the contact shows the saved values', async () => {
    fakeTimers();
    open('/contacts/gt_1001');
    await shown('dl.details');
    const events = watch();
    await vi.advanceTimersByTimeAsync(2_000);
    (document.querySelector('a[href="/contacts/gt_1001/edit"]') as HTMLElement).click();
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    typeInto('contact-email', 'ana.new@example.com');
    form.requestSubmit();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual([
      {
        type: 'contact.updated',
        contact: {
          site: 'gleantap',
          hostRecordId: 'gt_1001',
          name: 'Ana García',
          firstName: 'Ana',
          lastName: 'García',
          email: 'ana.new@example.com',
          phone: '+34 612 345 678',
          companyName: 'Gimnasio Sol',
        },
      },
    ]);
  });

  it('says nothing when the form is saved unchanged', async () => {
    fakeTimers();
    open('/contacts/gt_1001/edit');
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    const events = watch();
    typeInto('contact-email', 'ana.garcia@example.com');
    form.requestSubmit();
    await vi.waitFor(() => expect(location.pathname).toBe('/contacts/gt_1001'));
    await shown('dl.details');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual([]);
  });

  it('says nothing when the server refuses the edit', async () => {
    fakeTimers();
    open('/contacts/gt_1001/edit');
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    const events = watch();
    typeInto('contact-phone', 'not a phone');
    form.requestSubmit();
    await shown('#contact-phone-error:not([hidden])');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(events).toEqual([]);
  });

  it('notices a new contact once its page shows', async () => {
    fakeTimers();
    open('/contacts/new');
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    const events = watch();
    typeInto('contact-firstName', 'Zoe');
    typeInto('contact-lastName', 'Park');
    typeInto('contact-email', 'zoe@example.com');
    form.requestSubmit();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toEqual({
      type: 'contact.created',
      contact: {
        site: 'gleantap',
        hostRecordId: 'gt_5001',
        name: 'Zoe Park',
        firstName: 'Zoe',
        lastName: 'Park',
        email: 'zoe@example.com',
      },
    });
  });

  it('notices a new contact whose form was submitted just before watching began', async () => {
    fakeTimers();
    open('/contacts/new');
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    typeInto('contact-firstName', 'Zoe');
    typeInto('contact-lastName', 'Park');
    typeInto('contact-email', 'zoe@example.com');
    form.requestSubmit();
    // The content script starts the watcher on a page's first submit, handing it the submitted form.
    const events: HostEvent[] = [];
    gleantap.observe(document, controller.signal, (event) => events.push(event), undefined, [form]);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({
      type: 'contact.created',
      contact: { hostRecordId: 'gt_5001', name: 'Zoe Park', email: 'zoe@example.com' },
    });
  });

  it('reports nothing for a submitted form that creates no contact', async () => {
    fakeTimers();
    open('/contacts');
    await shown('a[href^="/contacts/"]');
    const search = document.createElement('form');
    search.innerHTML = '<label for="q">Search</label><input id="q" name="q" value="ana">';
    document.body.append(search);
    const events: HostEvent[] = [];
    gleantap.observe(document, controller.signal, (event) => events.push(event), undefined, [search]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(events).toEqual([]);
  });

  it('notices a task created on a contact, with its title, due date and description', async () => {
    fakeTimers();
    open('/contacts/gt_1005/tasks');
    const form = (await shown('form.task-form')) as HTMLFormElement;
    await shown('.tasks');
    const events = watch();
    typeInto('task-title', 'Call after the trial');
    typeInto('task-due', '2026-02-03');
    (document.getElementById('task-description') as HTMLTextAreaElement).value = 'Ask about the family plan';
    form.requestSubmit();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toEqual({
      type: 'task.created',
      contact: expect.objectContaining({ hostRecordId: 'gt_1005', name: 'Nora Quintana' }),
      task: {
        title: 'Call after the trial',
        dueDate: '2026-02-03',
        description: 'Ask about the family plan',
      },
    });
  });

  it('says nothing about a task the server refuses', async () => {
    fakeTimers();
    open('/contacts/gt_1005/tasks');
    const form = (await shown('form.task-form')) as HTMLFormElement;
    const events = watch();
    const titleInput = document.getElementById('task-title') as HTMLInputElement;
    titleInput.value = 'x'.repeat(201);
    titleInput.removeAttribute('maxlength');
    form.requestSubmit();
    await vi.waitFor(() => expect(document.querySelector('.form-status')?.textContent).toContain('200'));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(events).toEqual([]);
  });
});

describe('watching in-place changes', () => {
  const profile = (email: string) =>
    `<main><h1>Ana García</h1><dl><dt>Email</dt><dd id="email">${email}</dd></dl></main>`;

  it('notices shown fields changing right after the agent acted on the page', async () => {
    fakeTimers();
    staticPage('/contacts/gt_1001', profile('ana@example.com'));
    const events = watch();
    await vi.advanceTimersByTimeAsync(2_000);
    document.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    (document.getElementById('email') as HTMLElement).textContent = 'ana@new.example';
    await vi.advanceTimersByTimeAsync(500);
    expect(events).toEqual([
      {
        type: 'contact.updated',
        contact: expect.objectContaining({ hostRecordId: 'gt_1001', email: 'ana@new.example' }),
      },
    ]);
  });

  it('ignores changes nobody made on the page, and changes while it is still loading', async () => {
    fakeTimers();
    staticPage('/contacts/gt_1001', profile('ana@example.com'));
    const events = watch();
    await vi.advanceTimersByTimeAsync(300);
    document.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    (document.getElementById('email') as HTMLElement).textContent = 'loaded@example.com';
    await vi.advanceTimersByTimeAsync(2_000);
    (document.getElementById('email') as HTMLElement).textContent = 'background@example.com';
    await vi.advanceTimersByTimeAsync(11_000);
    (document.getElementById('email') as HTMLElement).textContent = 'late@example.com';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([]);
  });
});

describe('watching in-place changes across records', () => {
  it('does not take the next record showing after a navigation for an edit of the person still on screen', async () => {
    fakeTimers();
    staticPage(
      '/contacts/gt_1001',
      `<main><h1 id="name">Ana García</h1><dl><dt>Email</dt><dd id="email">ana@example.com</dd></dl></main>`,
    );
    const events = watch();
    await vi.advanceTimersByTimeAsync(2_000);
    // To the next member: the app keeps Ana on screen while it loads Ben, and the agent clicks meanwhile.
    history.pushState({}, '', '/contacts/gt_1002');
    dispatchEvent(new PopStateEvent('popstate'));
    await vi.advanceTimersByTimeAsync(2_000);
    document.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    (document.getElementById('name') as HTMLElement).textContent = 'Ben Carter';
    (document.getElementById('email') as HTMLElement).textContent = 'ben@example.com';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([]);
  });
});

describe('the watcher’s footprint', () => {
  it('ties every listener to the signal and emits nothing once aborted', async () => {
    fakeTimers();
    open('/contacts/gt_1001/edit');
    const form = (await shown('form.contact-form')) as HTMLFormElement;
    const documentListeners = vi.spyOn(document, 'addEventListener');
    const windowListeners = vi.spyOn(window, 'addEventListener');
    const disconnect = vi.spyOn(MutationObserver.prototype, 'disconnect');
    const events = watch();
    const added = [...documentListeners.mock.calls, ...windowListeners.mock.calls];
    expect(added.length).toBeGreaterThan(0);
    for (const [, , options] of added)
      expect((options as AddEventListenerOptions).signal).toBe(controller.signal);

    controller.abort();
    expect(disconnect).toHaveBeenCalled();
    typeInto('contact-email', 'after.abort@example.com');
    form.requestSubmit();
    await vi.waitFor(() => expect(location.pathname).toBe('/contacts/gt_1001'));
    await shown('dl.details');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(events).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('observes no DOM on pages that are not contact pages', async () => {
    fakeTimers();
    const Original = MutationObserver;
    let observers = 0;
    globalThis.MutationObserver = class extends Original {
      constructor(callback: MutationCallback) {
        super(callback);
        observers++;
      }
    };
    try {
      staticPage('/campaigns', '<main><h1>Campaigns</h1></main>');
      watch();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(observers).toBe(0);
      staticPage('/contacts/gt_1001', '<main><h1>Ana García</h1></main>');
      await vi.advanceTimersByTimeAsync(1_500);
      expect(observers).toBe(1);
    } finally {
      globalThis.MutationObserver = Original;
    }
  });

  it('carries a submit across a full page load, but not a stale one', async () => {
    fakeTimers();
    const editPage =
      '<main><h1>Edit contact</h1><form><label for="f">First name</label><input id="f" value="Ana"><label for="e">Email</label><input id="e" value="ana@example.com"></form></main>';
    staticPage('/contacts/gt_1001/edit', editPage);
    document.forms[0]?.addEventListener('submit', (event) => event.preventDefault());
    watch();
    typeInto('e', 'ana@new.example');
    document.forms[0]?.requestSubmit();
    controller.abort();

    controller = new AbortController();
    staticPage(
      '/contacts/gt_1001',
      '<main><h1>Ana García</h1><dl><dt>Email</dt><dd>ana@new.example</dd></dl></main>',
    );
    const events = watch();
    await vi.advanceTimersByTimeAsync(500);
    expect(events).toEqual([
      {
        type: 'contact.updated',
        contact: expect.objectContaining({ hostRecordId: 'gt_1001', email: 'ana@new.example' }),
      },
    ]);
    expect(sessionStorage.length).toBe(0);

    controller.abort();
    controller = new AbortController();
    staticPage('/contacts/gt_1001/edit', editPage);
    document.forms[0]?.addEventListener('submit', (event) => event.preventDefault());
    watch();
    typeInto('e', 'stale@example.com');
    document.forms[0]?.requestSubmit();
    controller.abort();
    vi.setSystemTime(Date.now() + 60_000);
    controller = new AbortController();
    staticPage(
      '/contacts/gt_1001',
      '<main><h1>Ana García</h1><dl><dt>Email</dt><dd>stale@example.com</dd></dl></main>',
    );
    const late = watch();
    await vi.advanceTimersByTimeAsync(500);
    expect(late).toEqual([]);
  });
});
