/**
 * The demo Gleantap single-page app: contacts list, a contact's profile and tasks tabs, edit and create
 * forms. English, left navigation, profile header with avatar initials, details as a <dl> with mailto:/tel:
 * links. Every piece of data is rendered as text.
 */
import type { Api, Fetch } from '../shared/api.ts';
import { createApi } from '../shared/api.ts';
import type { Child } from '../shared/dom.ts';
import { h, initials, render, telHref } from '../shared/dom.ts';
import type { Route, RouteContext, Router } from '../shared/router.ts';
import { startRouter } from '../shared/router.ts';
import type { GleantapContact, GleantapTask } from './data.ts';

export interface MountOptions {
  root: HTMLElement;
  /** Defaults to the window's fetch; tests pass the Hono app's in-memory `request`. */
  fetch?: Fetch;
  /**
   * The account's workrooms (one per club or location), chosen after login, its pages under
   * `/workroom/:workroom/…`. Defaults to on at app2.gleantap.com, off elsewhere.
   */
  workrooms?: boolean;
}

/** The demo account's workrooms: the same members in each (a chain's shared member base). */
export const WORKROOMS = [
  { id: '3187', name: 'Sunrise Fitness · Downtown' },
  { id: '3188', name: 'Sunrise Fitness · Riverside' },
] as const;

const NAV = [
  ['/contacts', 'Contacts'],
  ['/campaigns', 'Campaigns'],
  ['/automations', 'Automations'],
  ['/reports', 'Reports'],
] as const;

const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00`);
  return Number.isNaN(date.getTime()) ? isoDate : dateFormat.format(date);
}

function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Seeded numbers are E.164; show them the way Gleantap's UI formats them. */
export function displayPhone(phone: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  if (us) return `+1 (${us[1]}) ${us[2]}-${us[3]}`;
  const es = /^\+34(\d{3})(\d{3})(\d{3})$/.exec(phone);
  if (es) return `+34 ${es[1]} ${es[2]} ${es[3]}`;
  return phone;
}

function fullName(contact: Pick<GleantapContact, 'firstName' | 'lastName'>): string {
  return `${contact.firstName} ${contact.lastName}`.trim();
}

export function mountGleantap(options: MountOptions): { router: Router; stop(): void } {
  const api: Api = createApi(
    options.fetch ?? ((input, init) => fetch(input, init)),
    'Could not reach Gleantap.',
  );
  let flash: string | null = null;
  const workrooms = options.workrooms ?? location.hostname === 'app2.gleantap.com';
  /** The workroom the agent works in (with workrooms, chosen on the first page). */
  let workroom: (typeof WORKROOMS)[number] | null = null;
  /** An app path (`/contacts/…`) as a URL path: under the workroom's, with workrooms. */
  const to = (path: string) => (workroom ? `/workroom/${encodeURIComponent(workroom.id)}${path}` : path);

  const logo = h('a', { class: 'logo', href: to('/contacts'), 'data-path': '/contacts' }, 'gleantap');
  const business = h('span', { class: 'business' }, workrooms ? '' : 'Sunrise Fitness');
  const navLinks = NAV.map(([href, label]) => h('a', { href, class: 'nav-link', 'data-path': href }, label));
  const main = h('main', { id: 'main', class: 'content' });
  render(
    options.root,
    h(
      'div',
      { class: 'layout' },
      h(
        'nav',
        { class: 'sidebar', 'aria-label': 'Main' },
        logo,
        h(
          'ul',
          null,
          navLinks.map((link) => h('li', null, link)),
        ),
      ),
      h(
        'div',
        { class: 'column' },
        h(
          'header',
          { class: 'topbar' },
          business,
          h(
            'span',
            { class: 'user' },
            h('span', { class: 'avatar small', 'aria-hidden': 'true' }, 'MR'),
            'Megan Ross',
          ),
        ),
        main,
      ),
    ),
  );

  const markSection = (path: string) => {
    if (workrooms) business.textContent = workroom?.name ?? '';
    logo.setAttribute('href', to('/contacts'));
    for (const link of navLinks) {
      const section = to(link.getAttribute('data-path') ?? '');
      link.setAttribute('href', section);
      const active = path.startsWith(section);
      if (active) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  };

  const takeFlash = (): Child => {
    const message = flash;
    flash = null;
    return message ? h('p', { class: 'flash', role: 'status' }, message) : null;
  };

  const page = (path: string, title: string, ...children: Child[]) => {
    markSection(path);
    document.title = `${title} · Gleantap`;
    render(main, ...children);
  };

  const loading = (text: string) => h('p', { class: 'loading', role: 'status' }, text);

  const failure = (path: string, status: number, error: string) => {
    if (status === 404) {
      page(
        path,
        'Contact not found',
        h('h1', null, 'Contact not found'),
        h('p', null, 'This contact does not exist or was removed. '),
        h('a', { href: to('/contacts') }, 'Back to contacts'),
      );
    } else {
      page(
        path,
        'Something went wrong',
        h('h1', null, 'Something went wrong'),
        h('p', { role: 'alert' }, error),
      );
    }
  };

  // ---------------------------------------------------------------------------------------------------
  // Contacts list

  const contactsList = async ({ path, query: params, signal }: RouteContext) => {
    const search = params.get('search') ?? '';
    const input = h('input', {
      type: 'search',
      name: 'search',
      id: 'contact-search',
      value: search,
      placeholder: 'Search by name, email or phone',
    });
    const searchForm = h(
      'form',
      {
        class: 'search',
        role: 'search',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          const query = input.value.trim();
          router.navigate(to(query ? `/contacts?search=${encodeURIComponent(query)}` : '/contacts'));
        },
      },
      h('label', { for: 'contact-search', class: 'visually-hidden' }, 'Search contacts'),
      input,
      h('button', { type: 'submit', class: 'button' }, 'Search'),
    );
    const results = h('div', { class: 'results' }, loading('Loading contacts…'));
    page(
      path,
      'Contacts',
      h(
        'div',
        { class: 'page-header' },
        h('h1', null, 'Contacts'),
        h('a', { class: 'button primary', href: to('/contacts/new') }, 'Add contact'),
      ),
      takeFlash(),
      searchForm,
      results,
    );
    const result = await api.get<{ contacts: GleantapContact[]; total: number }>(
      `/api/contacts${search ? `?search=${encodeURIComponent(search)}` : ''}`,
      signal,
    );
    if (signal.aborted) return;
    if (!result.ok) {
      render(results, h('p', { role: 'alert' }, result.error));
      return;
    }
    const { contacts, total } = result.data;
    render(
      results,
      h('p', { class: 'count' }, `${total} ${total === 1 ? 'contact' : 'contacts'}`),
      h(
        'table',
        { class: 'contacts-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Name', 'Email', 'Phone', 'Status', 'Member since'].map((label) =>
              h('th', { scope: 'col' }, label),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          contacts.map((contact) =>
            h(
              'tr',
              null,
              h(
                'td',
                null,
                h('a', { href: to(`/contacts/${encodeURIComponent(contact.id)}`) }, fullName(contact)),
              ),
              h('td', null, contact.email ? h('a', { href: `mailto:${contact.email}` }, contact.email) : ''),
              h('td', null, contact.phone ? displayPhone(contact.phone) : ''),
              h('td', null, contact.status),
              h('td', null, contact.memberSince ? formatDate(contact.memberSince) : ''),
            ),
          ),
        ),
      ),
    );
  };

  // ---------------------------------------------------------------------------------------------------
  // A contact: header, tabs, profile and tasks

  const breadcrumb = (...trail: Child[]) =>
    h(
      'nav',
      { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: to('/contacts') }, 'Contacts'),
      trail.map((item) => [h('span', { class: 'sep', 'aria-hidden': 'true' }, '/'), item]),
    );

  const profileHeader = (contact: GleantapContact) =>
    h(
      'section',
      { class: 'profile-header' },
      h('div', { class: 'avatar', 'aria-hidden': 'true' }, initials(contact.firstName, contact.lastName)),
      h(
        'div',
        { class: 'who' },
        h('h1', { class: 'contact-name' }, fullName(contact)),
        h(
          'p',
          { class: 'meta' },
          h('span', { class: 'badge' }, contact.status),
          contact.memberSince ? ` · Member since ${formatDate(contact.memberSince)}` : '',
        ),
        h(
          'p',
          { class: 'quick-links' },
          contact.email ? h('a', { href: `mailto:${contact.email}`, class: 'quick' }, contact.email) : null,
          contact.phone
            ? h('a', { href: telHref(contact.phone), class: 'quick' }, displayPhone(contact.phone))
            : null,
        ),
      ),
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button', href: to(`/contacts/${encodeURIComponent(contact.id)}/edit`) }, 'Edit'),
      ),
    );

  const tabs = (contact: GleantapContact, active: 'profile' | 'tasks', openTasks: number) => {
    const base = to(`/contacts/${encodeURIComponent(contact.id)}`);
    return h(
      'nav',
      { class: 'tabs', 'aria-label': 'Contact sections' },
      h('a', { href: base, 'aria-current': active === 'profile' ? 'page' : null }, 'Profile'),
      h(
        'a',
        { href: `${base}/tasks`, 'aria-current': active === 'tasks' ? 'page' : null },
        'Tasks ',
        h('span', { class: 'count', 'data-open-tasks': '' }, openTasks),
      ),
    );
  };

  const detailRow = (label: string, value: Child) => [h('dt', null, label), h('dd', null, value)];

  const profilePanel = (contact: GleantapContact) =>
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'details-title' },
      h('h2', { id: 'details-title' }, 'Contact details'),
      h(
        'dl',
        { class: 'details' },
        contact.email ? detailRow('Email', h('a', { href: `mailto:${contact.email}` }, contact.email)) : null,
        contact.phone
          ? detailRow('Phone', h('a', { href: telHref(contact.phone) }, displayPhone(contact.phone)))
          : null,
        contact.company ? detailRow('Company', contact.company) : null,
        detailRow('Membership', contact.status),
        contact.memberSince ? detailRow('Member since', formatDate(contact.memberSince)) : null,
        detailRow('Source', contact.source),
        contact.tags.length > 0
          ? detailRow(
              'Tags',
              h(
                'ul',
                { class: 'tags' },
                contact.tags.map((tag) => h('li', { class: 'tag' }, tag)),
              ),
            )
          : null,
      ),
    );

  const taskItem = (contact: GleantapContact, task: GleantapTask, onChange: () => void) => {
    const overdue = !task.completed && task.dueDate !== null && task.dueDate < todayIso();
    const checkbox = h('input', { type: 'checkbox', checked: task.completed });
    checkbox.addEventListener('change', async () => {
      checkbox.disabled = true;
      await api.send(
        'PATCH',
        `/api/contacts/${encodeURIComponent(contact.id)}/tasks/${encodeURIComponent(task.id)}`,
        {
          completed: checkbox.checked,
        },
      );
      onChange();
    });
    return h(
      'li',
      { class: task.completed ? 'task done' : 'task' },
      h('label', { class: 'check' }, checkbox, h('span', { class: 'task-title' }, task.title)),
      h(
        'span',
        { class: 'due' },
        task.dueDate ? `Due ${formatDate(task.dueDate)}` : 'No due date',
        overdue ? h('span', { class: 'badge warn' }, 'Overdue') : null,
      ),
      task.description ? h('p', { class: 'task-description' }, task.description) : null,
    );
  };

  const tasksPanel = (contact: GleantapContact, signal: AbortSignal) => {
    const list = h('div', { class: 'task-list' }, loading('Loading tasks…'));
    const status = h('p', { class: 'form-status', role: 'status' });

    const loadTasks = async () => {
      const result = await api.get<{ tasks: GleantapTask[] }>(
        `/api/contacts/${encodeURIComponent(contact.id)}/tasks`,
        signal,
      );
      if (signal.aborted) return;
      if (!result.ok) {
        render(list, h('p', { role: 'alert' }, result.error));
        return;
      }
      const tasks = [...result.data.tasks].sort((a, b) => Number(a.completed) - Number(b.completed));
      const counter = main.querySelector('[data-open-tasks]');
      if (counter) counter.textContent = String(tasks.filter((task) => !task.completed).length);
      render(
        list,
        tasks.length === 0
          ? h('p', { class: 'empty' }, 'No tasks yet.')
          : h(
              'ul',
              { class: 'tasks' },
              tasks.map((task) => taskItem(contact, task, loadTasks)),
            ),
      );
    };

    const fields = {
      title: h('input', {
        id: 'task-title',
        name: 'title',
        required: true,
        maxlength: 200,
        autocomplete: 'off',
      }),
      dueDate: h('input', { id: 'task-due', name: 'dueDate', type: 'date' }),
      description: h('textarea', { id: 'task-description', name: 'description', rows: 3 }),
    };
    const button = h('button', { type: 'submit', class: 'button primary' }, 'Add task');
    const form = h(
      'form',
      { class: 'task-form', 'aria-labelledby': 'new-task-heading' },
      h('h3', { id: 'new-task-heading' }, 'New task'),
      h('div', { class: 'field' }, h('label', { for: 'task-title' }, 'Title'), fields.title),
      h('div', { class: 'field' }, h('label', { for: 'task-due' }, 'Due date'), fields.dueDate),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'task-description' }, 'Description'),
        fields.description,
      ),
      h('div', { class: 'form-actions' }, button),
      status,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      status.textContent = 'Saving…';
      const result = await api.send('POST', `/api/contacts/${encodeURIComponent(contact.id)}/tasks`, {
        title: fields.title.value,
        dueDate: fields.dueDate.value,
        description: fields.description.value,
      });
      button.disabled = false;
      if (signal.aborted) return;
      if (!result.ok) {
        status.textContent = Object.values(result.fields)[0] ?? result.error;
        return;
      }
      form.reset();
      status.textContent = 'Task added.';
      await loadTasks();
    });

    void loadTasks();
    return h(
      'section',
      { class: 'panel', 'aria-labelledby': 'tasks-title' },
      h('h2', { id: 'tasks-title' }, 'Tasks'),
      list,
      form,
    );
  };

  const contactPage =
    (tab: 'profile' | 'tasks') =>
    async ({ params, path, signal }: RouteContext) => {
      const id = params.id ?? '';
      // From the list or another member the app keeps what it shows, under a progress bar, until the member has
      // loaded (as many single-page apps do); from elsewhere it shows a loading page.
      if (main.querySelector('.profile-header, .contacts-table'))
        main.prepend(h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Loading contact' }));
      else page(path, 'Contact', breadcrumb(), loading('Loading contact…'));
      const result = await api.get<{ contact: GleantapContact; openTasks: number }>(
        `/api/contacts/${encodeURIComponent(id)}`,
        signal,
      );
      if (signal.aborted) return;
      if (!result.ok) {
        failure(path, result.status, result.error);
        return;
      }
      const { contact, openTasks } = result.data;
      page(
        path,
        `${fullName(contact)}${tab === 'tasks' ? ' · Tasks' : ''} · Contacts`,
        breadcrumb(h('span', { 'aria-current': 'page' }, fullName(contact))),
        takeFlash(),
        profileHeader(contact),
        tabs(contact, tab, openTasks),
        tab === 'profile' ? profilePanel(contact) : tasksPanel(contact, signal),
      );
    };

  // ---------------------------------------------------------------------------------------------------
  // Edit and create

  const contactForm = (contact: GleantapContact | null, path: string) => {
    const errors = new Map<string, HTMLElement>();
    const input = (
      name: keyof GleantapContact,
      label: string,
      attributes: Record<string, string | boolean> = {},
    ) => {
      const id = `contact-${name}`;
      const value = contact ? contact[name] : null;
      const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
      errors.set(name, error);
      return h(
        'div',
        { class: 'field' },
        h('label', { for: id }, label),
        h('input', {
          id,
          name,
          value: typeof value === 'string' ? value : '',
          'aria-describedby': `${id}-error`,
          autocomplete: 'off',
          ...attributes,
        }),
        error,
      );
    };
    const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const submitLabel = contact ? 'Save changes' : 'Create contact';
    const button = h('button', { type: 'submit', class: 'button primary' }, submitLabel);
    const cancelHref = to(contact ? `/contacts/${encodeURIComponent(contact.id)}` : '/contacts');
    const form = h(
      'form',
      { class: 'contact-form' },
      h(
        'div',
        { class: 'field-row' },
        input('firstName', 'First name', { required: true }),
        input('lastName', 'Last name'),
      ),
      input('email', 'Email', { type: 'email' }),
      input('phone', 'Phone', { type: 'tel' }),
      input('company', 'Company'),
      formError,
      h('div', { class: 'form-actions' }, button, h('a', { class: 'button', href: cancelHref }, 'Cancel')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const error of [...errors.values(), formError]) {
        error.hidden = true;
        error.textContent = '';
      }
      button.disabled = true;
      button.textContent = 'Saving…';
      const body = Object.fromEntries(new FormData(form));
      const result = contact
        ? await api.send<{ contact: GleantapContact }>(
            'PATCH',
            `/api/contacts/${encodeURIComponent(contact.id)}`,
            body,
          )
        : await api.send<{ contact: GleantapContact }>('POST', '/api/contacts', body);
      button.disabled = false;
      button.textContent = submitLabel;
      if (location.pathname !== path) return;
      if (result.ok) {
        flash = contact ? 'Contact updated.' : 'Contact created.';
        router.navigate(to(`/contacts/${encodeURIComponent(result.data.contact.id)}`));
        return;
      }
      formError.textContent = result.error;
      formError.hidden = false;
      for (const [name, message] of Object.entries(result.fields)) {
        const error = errors.get(name);
        if (error) {
          error.textContent = message;
          error.hidden = false;
        }
      }
    });
    return form;
  };

  const editPage = async ({ params, path, signal }: RouteContext) => {
    const id = params.id ?? '';
    page(path, 'Edit contact', breadcrumb(), loading('Loading contact…'));
    const result = await api.get<{ contact: GleantapContact }>(
      `/api/contacts/${encodeURIComponent(id)}`,
      signal,
    );
    if (signal.aborted) return;
    if (!result.ok) {
      failure(path, result.status, result.error);
      return;
    }
    const { contact } = result.data;
    page(
      path,
      `Edit ${fullName(contact)}`,
      breadcrumb(
        h('a', { href: to(`/contacts/${encodeURIComponent(contact.id)}`) }, fullName(contact)),
        h('span', { 'aria-current': 'page' }, 'Edit'),
      ),
      h('h1', null, 'Edit contact'),
      contactForm(contact, path),
    );
  };

  const createPage = ({ path }: RouteContext) => {
    page(
      path,
      'New contact',
      breadcrumb(h('span', { 'aria-current': 'page' }, 'New contact')),
      h('h1', null, 'New contact'),
      contactForm(null, path),
    );
  };

  const placeholder =
    (title: string, text: string) =>
    ({ path }: RouteContext) =>
      page(path, title, h('h1', null, title), h('p', { class: 'empty' }, text));

  /** Where each app page is (under `/workroom/:workroom` with workrooms). */
  const pages: Route[] = [
    { path: '/contacts', view: contactsList },
    { path: '/contacts/new', view: createPage },
    { path: '/contacts/:id', view: contactPage('profile') },
    { path: '/contacts/:id/tasks', view: contactPage('tasks') },
    { path: '/contacts/:id/edit', view: editPage },
    {
      path: '/campaigns',
      view: placeholder('Campaigns', 'No campaigns yet. Create one to reach your members.'),
    },
    { path: '/automations', view: placeholder('Automations', 'No automations yet.') },
    { path: '/reports', view: placeholder('Reports', 'Reports appear once you have activity.') },
  ];

  const notFound = ({ path }: RouteContext) =>
    page(
      path,
      'Page not found',
      h('h1', null, 'Page not found'),
      h('a', { href: workrooms && !workroom ? '/' : to('/contacts') }, 'Go to contacts'),
    );

  /** After login, on hosts with workrooms: which club or location to work in. */
  const chooseWorkroom = ({ path }: RouteContext) => {
    workroom = null;
    page(
      path,
      'Choose a workroom',
      h('h1', null, 'Choose a workroom'),
      h('p', null, 'Each workroom is one of your locations, with its own members and campaigns.'),
      h(
        'ul',
        { class: 'workrooms' },
        WORKROOMS.map((room) =>
          h('li', null, h('a', { class: 'button', href: `/workroom/${room.id}/contacts` }, room.name)),
        ),
      ),
    );
  };

  /** A page under a workroom: the workroom is the one its URL names (an unknown one is a page not found). */
  const inWorkroom =
    (view: Route['view']): Route['view'] =>
    (context) => {
      const room = WORKROOMS.find((candidate) => candidate.id === context.params.workroom);
      if (!room) return notFound(context);
      workroom = room;
      return view(context);
    };

  const router: Router = startRouter(
    workrooms
      ? [
          { path: '/', view: chooseWorkroom },
          ...pages.map((route) => ({
            path: `/workroom/:workroom${route.path}`,
            view: inWorkroom(route.view),
          })),
          {
            path: '/workroom/:workroom',
            view: inWorkroom(() => router.navigate(to('/contacts'), { replace: true })),
          },
        ]
      : [{ path: '/', view: () => router.navigate('/contacts', { replace: true }) }, ...pages],
    notFound,
  );
  router.refresh();

  return { router, stop: () => router.stop() };
}
