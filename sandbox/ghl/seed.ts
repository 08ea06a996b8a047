/**
 * The seeded demo world. `demo`: the named DEMO_PEOPLE with their exact ids and hand-written tasks, notes and
 * appointments, plus about 200 generated contacts across both locations (about 40 in BIG_BUSINESS). `large`: the
 * same plus 5,000 more contacts in BIG_BUSINESS, for paging. Every date is relative to the moment of seeding, so
 * "overdue", "due today" and "upcoming" stay true whenever the sandbox starts.
 */
import { BIG_BUSINESS, DEMO_PEOPLE, type DemoPerson, LOCATIONS, SMALL_BUSINESS } from '../fixtures.ts';
import { createRng, hashSeed } from '../prng.ts';
import {
  type AppointmentRecord,
  type ContactRecord,
  type LocationRecord,
  type NoteRecord,
  Store,
  type TaskRecord,
} from './store.ts';
import { formatIsoWithOffset, formatLocal, localDayAt } from './time.ts';

export type SeedName = 'demo' | 'large';

export interface SeedOptions {
  seed?: SeedName;
  /** PRNG seed; the same number always yields the same ids and names. */
  seedNumber?: number;
  /** The clock the store uses for "now" (timestamps of writes, relative seed dates). */
  clock?: () => number;
}

export const DEFAULT_SEED_NUMBER = hashSeed('highlevel-sidebar');
export const LARGE_EXTRA_CONTACTS = 5000;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Ids of the demo world's fixed records, for tests and the tour. */
export const SEED_IDS = {
  users: {
    maria: 'UsrMariaLopez0000001',
    david: 'UsrDavidChen00000002',
    elena: 'UsrElenaRuiz00000003',
  },
  calendars: {
    training: 'CalPersonalTrain0001',
    consult: 'CalConsultation00002',
    dental: 'CalDentalChair000003',
  },
  customFields: {
    plan: 'CfMembershipPlan0001',
    homeGym: 'CfHomeGym00000000002',
    memberSince: 'CfMemberSince0000003',
    insurance: 'CfInsuranceProv00004',
  },
  anaTasks: {
    overdue: 'TskAnaOverdue0000001',
    dueToday: 'TskAnaDueToday000002',
    upcoming: 'TskAnaUpcoming000003',
    doneRecent: 'TskAnaDone0000000004',
    doneOld: 'TskAnaDone0000000005',
  },
  anaNotes: {
    long: 'NteAnaLongReview0001',
    pinned: 'NteAnaPinned00000002',
    call: 'NteAnaCall0000000003',
    old: 'NteAnaOld00000000004',
  },
  anaAppointments: {
    past: 'ApptAnaPast000000001',
    noShow: 'ApptAnaNoShow0000002',
    upcoming: 'ApptAnaUpcoming00003',
  },
} as const;

function locationRecords(): LocationRecord[] {
  const { users, calendars, customFields } = SEED_IDS;
  return [
    {
      ...LOCATIONS.main,
      country: 'US',
      allowDuplicateContact: false,
      customFields: [
        { id: customFields.plan, key: 'contact.membership_plan', name: 'Membership plan' },
        { id: customFields.homeGym, key: 'contact.home_gym', name: 'Home gym' },
        { id: customFields.memberSince, key: 'contact.member_since', name: 'Member since' },
      ],
      users: [
        { id: users.maria, name: 'María López' },
        { id: users.david, name: 'David Chen' },
      ],
      calendars: [
        { id: calendars.training, name: 'Personal training' },
        { id: calendars.consult, name: 'Consultations' },
      ],
    },
    {
      ...LOCATIONS.clinic,
      country: 'ES',
      allowDuplicateContact: true,
      customFields: [{ id: customFields.insurance, key: 'contact.insurance_provider', name: 'Aseguradora' }],
      users: [{ id: users.elena, name: 'Elena Ruiz' }],
      calendars: [{ id: calendars.dental, name: 'Sillón 1' }],
    },
  ];
}

/** Comma-separated names, kept compact. */
const words = (text: string): string[] => text.split(',');

const FIRST_NAMES = words(
  'Lucas,Sofía,Mateo,Valentina,Hugo,Martina,Daniel,Paula,Pablo,Carmen,Alejandro,Laura,Javier,' +
    'Marta,Diego,Irene,Emma,Liam,Olivia,Noah,Ava,Ethan,Mia,James,Isabella,Benjamin,Charlotte,' +
    'Henry,Amelia,Jack,Harper,Samuel,Chloe,Owen,Zoe,Leo,Nora,Aiden,Grace,Mason,Priya,Arjun,Mei,' +
    'Kenji,Fatima,Omar,Ingrid,Lars,Chiara,Marco,Siobhán,Zoë,José Luis,María José',
);
const LAST_NAMES = words(
  'Fernández,González,Rodríguez,López,Martínez,Sánchez,Pérez,Gómez,Martín,Jiménez,Ruiz,' +
    'Hernández,Díaz,Moreno,Álvarez,Romero,Navarro,Torres,Johnson,Williams,Brown,Jones,Miller,' +
    'Davis,Wilson,Anderson,Taylor,Thomas,Moore,Jackson,White,Harris,Clark,Lewis,Walker,Young,' +
    "Patel,Nguyen,Kim,Tanaka,O'Brien,Van der Berg,Rossi,Müller,Ødegaard,de la Cruz",
);
const CITIES_US = [
  ['Miami', 'FL', '33101'],
  ['Austin', 'TX', '73301'],
  ['Denver', 'CO', '80201'],
  ['Portland', 'OR', '97201'],
  ['Boston', 'MA', '02108'],
] as const;
const CITIES_ES = [
  ['Madrid', 'Madrid', '28001'],
  ['Valencia', 'Valencia', '46001'],
  ['Sevilla', 'Sevilla', '41001'],
  ['Málaga', 'Málaga', '29001'],
] as const;
const SOURCES = ['website form', 'facebook lead ad', 'walk-in', 'referral', 'public api', 'google ads'];
const GENERATED_TAGS = [
  'member',
  'lead',
  'trial',
  'yoga',
  'crossfit',
  'newsletter',
  'lapsed',
  'vip',
  'corporate',
];
const TASK_TITLES = [
  'Call about membership renewal',
  'Send welcome pack',
  'Follow up on trial class',
  'Book fitness assessment',
  'Confirm payment method',
  'Check in after first month',
  'Offer personal training bundle',
  'Recordar revisión anual',
  'Enviar presupuesto',
];
const NOTE_BODIES = [
  'Prefers morning classes before work.',
  'Asked about family plans; send pricing.',
  'Knee injury last year, avoid high-impact sessions.',
  'Interested in the corporate discount through their employer.',
  'Paciente prefiere citas por la tarde.',
  'Left a voicemail, no answer.',
  'Very happy with the new schedule. Might refer a friend.',
];
const APPOINTMENT_TITLES = [
  'Fitness assessment',
  'Personal training',
  'Membership review',
  'Revisión',
  'Limpieza dental',
];
const BUSINESS_NAMES = [
  ['BizAcmeLogistics0010', 'Acme Logistics', LOCATIONS.main.id],
  ['BizBrightPath0000011', 'BrightPath Studio', LOCATIONS.main.id],
  ['BizClinicaNorte00012', 'Clínica Norte', LOCATIONS.clinic.id],
] as const;

export function seedStore(options: SeedOptions = {}): Store {
  const rng = createRng(options.seedNumber ?? DEFAULT_SEED_NUMBER);
  const store = new Store(rng, options.clock);
  const now = store.clock();
  for (const location of locationRecords()) {
    store.locations.set(location.id, location);
    for (const id of [...location.users, ...location.calendars, ...location.customFields].map((r) => r.id)) {
      store.reserveId(id);
    }
  }
  for (const business of [
    BIG_BUSINESS,
    SMALL_BUSINESS,
    ...BUSINESS_NAMES.map(([id, name, locationId]) => ({ id, name, locationId })),
  ]) {
    store.businesses.set(business.id, {
      id: business.id,
      name: business.name,
      locationId: business.locationId,
    });
    store.reserveId(business.id);
  }
  const xssPerson = DEMO_PEOPLE.find((p) => p.key === 'xss');
  if (xssPerson?.business) {
    store.businesses.set(xssPerson.business.id, { ...xssPerson.business, locationId: xssPerson.locationId });
  }

  seedDemoPeople(store, now);
  const generator = new ContactGenerator(store, now);
  // About 200 generated contacts: 40 in BIG_BUSINESS (with Ana), the rest spread over both locations.
  for (let i = 0; i < 39; i++) generator.contact(LOCATIONS.main.id, BIG_BUSINESS, true);
  for (let i = 0; i < 6; i++) generator.contact(LOCATIONS.main.id, SMALL_BUSINESS, true);
  for (let i = 0; i < 105; i++) {
    const [id, name] = BUSINESS_NAMES[rng.int(0, 1)] ?? BUSINESS_NAMES[0];
    generator.contact(LOCATIONS.main.id, rng.chance(0.2) ? { id, name } : null, true);
  }
  for (let i = 0; i < 50; i++) {
    const [id, name] = BUSINESS_NAMES[2];
    generator.contact(LOCATIONS.clinic.id, rng.chance(0.2) ? { id, name } : null, true);
  }
  generator.clinicDuplicatePair();
  if (options.seed === 'large') {
    for (let i = 0; i < LARGE_EXTRA_CONTACTS; i++)
      generator.contact(LOCATIONS.main.id, BIG_BUSINESS, rng.chance(0.1));
  }
  return store;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function baseContact(store: Store, person: DemoPerson, id: string, addedMs: number): ContactRecord {
  const location = store.locations.get(person.locationId);
  return {
    id,
    locationId: person.locationId,
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    phone: person.phone,
    companyName: person.business?.name ?? null,
    businessId: person.business?.id ?? null,
    tags: [...person.tags],
    customFields: [],
    source: 'website form',
    type: 'customer',
    dnd: false,
    dndSettings: {},
    timezone: location?.timezone ?? null,
    country: location?.country ?? null,
    city: null,
    state: null,
    address1: null,
    postalCode: null,
    website: null,
    gender: null,
    dateOfBirth: null,
    assignedTo: SEED_IDS.users.maria,
    additionalEmails: [],
    additionalPhones: [],
    followers: [],
    createdBy: {
      source: 'WEB_USER',
      channel: 'APP',
      sourceId: SEED_IDS.users.maria,
      timestamp: iso(addedMs),
    },
    dateAdded: iso(addedMs),
    dateUpdated: iso(addedMs + 30 * DAY),
    lastActivity: null,
  };
}

function seedDemoPeople(store: Store, now: number): void {
  const { users, calendars, customFields } = SEED_IDS;
  DEMO_PEOPLE.forEach((person, index) => {
    if (!person.ghlContactId) return;
    const added = now - (400 - index * 20) * DAY;
    const contact = baseContact(store, person, person.ghlContactId, added);
    store.putContact(contact);
    const id = contact.id;
    switch (person.key) {
      case 'ana': {
        Object.assign(contact, {
          city: 'Miami',
          state: 'FL',
          address1: '1200 Brickell Ave',
          postalCode: '33131',
          dateOfBirth: '1988-04-12T00:00:00.000Z',
          lastActivity: iso(now - 2 * DAY),
          additionalEmails: ['ana.g.work@example.org'],
          additionalPhones: ['+34911222333'],
          followers: [users.david],
          customFields: [
            { id: customFields.plan, value: 'Gold' },
            { id: customFields.homeGym, value: 'Gimnasio Sol Centro' },
            { id: customFields.memberSince, value: '2021-03-15' },
          ],
          dndSettings: { SMS: { status: 'inactive' }, Email: { status: 'inactive' } },
        });
        const t = SEED_IDS.anaTasks;
        store.tasks.set(id, [
          task(
            id,
            t.overdue,
            'Call Ana about her renewal',
            'Her Gold plan renews this month; offer the annual price.',
            users.maria,
            localDayAt(now, -3, 10, 0),
            false,
            now - 10 * DAY,
          ),
          // 23:59 local keeps "due today" true all day without turning overdue.
          task(
            id,
            t.dueToday,
            'Send Ana the class schedule',
            null,
            users.maria,
            localDayAt(now, 0, 23, 59),
            false,
            now - 2 * DAY,
          ),
          task(
            id,
            t.upcoming,
            'Book quarterly fitness assessment',
            'Assessment with David; 45 minutes.',
            users.david,
            localDayAt(now, 5, 9, 30),
            false,
            now - DAY,
          ),
          task(
            id,
            t.doneRecent,
            'Welcome call',
            null,
            users.maria,
            localDayAt(now, -20, 12, 0),
            true,
            now - 25 * DAY,
          ),
          task(
            id,
            t.doneOld,
            'Collect signed waiver',
            'Signed copy is in the drive.',
            users.david,
            localDayAt(now, -300, 12, 0),
            true,
            now - 310 * DAY,
          ),
        ]);
        const n = SEED_IDS.anaNotes;
        store.notes.set(id, [
          note(
            id,
            n.long,
            [
              'Quarterly review with Ana.',
              'She has attended 3 classes a week on average since March and wants to add strength training on Saturdays. Her knee is fine now; the physio cleared her for squats with moderate weight.',
              'Next steps:\n- Offer the personal training bundle (10 sessions).\n- Move her to the Gold Plus plan if she takes it.\n- Ask whether her partner wants the family discount.',
              'She prefers WhatsApp over email for reminders.',
            ].join('\n\n'),
            users.maria,
            now - 3 * DAY,
            { title: 'Quarterly review', color: '#FFAA00' },
          ),
          note(id, n.pinned, 'Allergic to latex: use the nitrile bands.', users.david, now - 40 * DAY, {
            pinned: true,
            title: 'Health',
          }),
          note(
            id,
            n.call,
            'Called to confirm Saturday class; she will bring a friend.',
            users.maria,
            now - 9 * DAY,
            {},
          ),
          note(
            id,
            n.old,
            'Joined after the open day. Came with her colleague from Gimnasio Sol.',
            users.maria,
            now - 390 * DAY,
            {},
          ),
        ]);
        const a = SEED_IDS.anaAppointments;
        const tz = LOCATIONS.main.timezone;
        store.appointments.set(id, [
          appointment(
            id,
            a.past,
            person.locationId,
            calendars.training,
            'Personal training',
            'showed',
            users.david,
            localDayAt(now, -14, 18, 0),
            60,
            tz,
            'local',
            now - 20 * DAY,
          ),
          appointment(
            id,
            a.noShow,
            person.locationId,
            calendars.consult,
            'Nutrition consult',
            'noshow',
            users.maria,
            localDayAt(now, -4, 11, 0),
            30,
            tz,
            'offset',
            now - 10 * DAY,
          ),
          appointment(
            id,
            a.upcoming,
            person.locationId,
            calendars.training,
            'Fitness assessment',
            'confirmed',
            users.david,
            localDayAt(now, 2, 9, 0),
            45,
            tz,
            'local',
            now - DAY,
          ),
        ]);
        break;
      }
      case 'ben':
        store.tasks.set(id, [
          task(
            id,
            store.newId(),
            'Send Northwind corporate offer',
            null,
            users.david,
            localDayAt(now, 1, 15, 0),
            false,
            now - DAY,
          ),
        ]);
        store.notes.set(id, [
          note(
            id,
            store.newId(),
            'Uses a work address for invoices: ben@northwind.example.',
            users.david,
            now - 15 * DAY,
            {},
          ),
        ]);
        break;
      case 'john1':
        store.notes.set(id, [
          note(id, store.newId(), 'Not the John Smith from the 7am class.', users.maria, now - 60 * DAY, {}),
        ]);
        break;
      case 'john2':
        contact.type = 'lead';
        store.tasks.set(id, [
          task(
            id,
            store.newId(),
            'Win back: former member offer',
            null,
            users.maria,
            localDayAt(now, -1, 16, 0),
            false,
            now - 5 * DAY,
          ),
        ]);
        break;
      case 'xss': {
        contact.companyName = person.business?.name ?? null;
        contact.customFields = [{ id: customFields.plan, value: '<img src=x onerror="window.__xss=8">' }];
        contact.address1 = '"><script>window.__xss=9</script>';
        store.tasks.set(id, [
          task(
            id,
            store.newId(),
            '<img src=x onerror="window.__xss=10">Call back',
            '<script>window.__xss=11</script>',
            users.maria,
            localDayAt(now, 1, 10, 0),
            false,
            now - DAY,
          ),
          task(
            id,
            store.newId(),
            '<a href="javascript:window.__xss=12">done</a>',
            null,
            null,
            localDayAt(now, -5, 10, 0),
            true,
            now - 6 * DAY,
          ),
        ]);
        store.notes.set(id, [
          note(
            id,
            store.newId(),
            '<iframe src="javascript:window.__xss=13"></iframe>\n\n<b>bold?</b> & "quotes" \'single\'',
            users.maria,
            now - 2 * DAY,
            { title: '<svg onload="window.__xss=14">' },
          ),
        ]);
        store.appointments.set(id, [
          appointment(
            id,
            store.newId(),
            person.locationId,
            calendars.consult,
            '<img src=x onerror="window.__xss=15">',
            'booked',
            users.maria,
            localDayAt(now, 3, 12, 0),
            30,
            LOCATIONS.main.timezone,
            'offset',
            now - DAY,
          ),
        ]);
        break;
      }
      case 'lucia': {
        contact.assignedTo = users.elena;
        contact.city = 'Madrid';
        contact.createdBy = {
          source: 'WEB_USER',
          channel: 'APP',
          sourceId: users.elena,
          timestamp: contact.dateAdded,
        };
        contact.customFields = [{ id: customFields.insurance, value: 'Sanitas' }];
        store.notes.set(id, [
          note(
            id,
            store.newId(),
            'Revisión semestral pendiente. Prefiere los martes.',
            users.elena,
            now - 12 * DAY,
            {},
          ),
        ]);
        store.tasks.set(id, [
          task(
            id,
            store.newId(),
            'Llamar para confirmar cita',
            null,
            users.elena,
            localDayAt(now, 1, 10, 0),
            false,
            now - DAY,
          ),
        ]);
        store.appointments.set(id, [
          appointment(
            id,
            store.newId(),
            person.locationId,
            calendars.dental,
            'Limpieza dental',
            'confirmed',
            users.elena,
            localDayAt(now, 6, 17, 0),
            30,
            LOCATIONS.clinic.timezone,
            'local',
            now - 3 * DAY,
          ),
        ]);
        break;
      }
    }
  });
}

function task(
  contactId: string,
  id: string,
  title: string,
  body: string | null,
  assignedTo: string | null,
  dueMs: number,
  completed: boolean,
  addedMs: number,
): TaskRecord {
  return { id, contactId, title, body, assignedTo, dueDate: iso(dueMs), completed, dateAdded: iso(addedMs) };
}

function note(
  contactId: string,
  id: string,
  body: string,
  userId: string | null,
  addedMs: number,
  extra: { title?: string; color?: string; pinned?: boolean },
): NoteRecord {
  return {
    id,
    contactId,
    body,
    userId,
    title: extra.title ?? null,
    color: extra.color ?? null,
    pinned: extra.pinned ?? null,
    dateAdded: iso(addedMs),
  };
}

function appointment(
  contactId: string,
  id: string,
  locationId: string,
  calendarId: string,
  title: string,
  status: string,
  userId: string,
  startMs: number,
  minutes: number,
  timeZone: string,
  format: 'local' | 'offset',
  addedMs: number,
): AppointmentRecord {
  const show = format === 'local' ? formatLocal : formatIsoWithOffset;
  return {
    id,
    contactId,
    locationId,
    calendarId,
    title,
    status: status === 'showed' || status === 'noshow' ? 'confirmed' : status,
    appointmentStatus: status,
    assignedUserId: userId,
    notes: null,
    address: null,
    startTime: show(startMs, timeZone),
    endTime: show(startMs + minutes * 60_000, timeZone),
    dateAdded: show(addedMs, timeZone),
    dateUpdated: show(addedMs, timeZone),
    groupId: calendarId,
    users: [userId],
  };
}

/** Deterministic generated contacts with unique emails and phones per location. */
class ContactGenerator {
  private readonly store: Store;
  private readonly now: number;
  private readonly emails = new Set<string>();
  private readonly phones = new Set<string>();

  constructor(store: Store, now: number) {
    this.store = store;
    this.now = now;
    for (const c of store.contacts.values()) {
      if (c.email) this.emails.add(c.email.toLowerCase());
      if (c.phone) this.phones.add(c.phone);
    }
  }

  contact(
    locationId: string,
    business: { id: string; name: string } | null,
    withActivity: boolean,
  ): ContactRecord {
    const { store, now } = this;
    const rng = store.rng;
    const location = store.locations.get(locationId);
    if (!location) throw new Error(`Unknown location ${locationId}`);
    const spanish = location.country === 'ES' || rng.chance(0.3);
    const nameless = rng.chance(0.03);
    const firstName = nameless ? null : rng.pick(FIRST_NAMES);
    const lastName = nameless ? null : rng.pick(LAST_NAMES);
    const hasEmail = nameless || rng.chance(0.85);
    const hasPhone = !hasEmail || rng.chance(0.8);
    const email = hasEmail ? this.uniqueEmail(firstName, lastName) : null;
    const phone = hasPhone ? this.uniquePhone(spanish) : null;
    const added = now - rng.int(1, 730) * DAY - rng.int(0, 23) * HOUR - rng.int(0, 3_599_999);
    const [city, state, postalCode] = location.country === 'ES' ? rng.pick(CITIES_ES) : rng.pick(CITIES_US);
    const user = rng.pick(location.users);
    const tags = GENERATED_TAGS.filter(() => rng.chance(0.15));
    const contact: ContactRecord = {
      id: store.newId(),
      locationId,
      firstName,
      lastName,
      email,
      phone,
      companyName: business?.name ?? null,
      businessId: business?.id ?? null,
      tags,
      customFields: location.customFields
        .filter(() => rng.chance(0.4))
        .map((f) => ({ id: f.id, value: this.customFieldValue(f.key) })),
      source: rng.pick(SOURCES),
      type: rng.chance(0.6) ? 'customer' : 'lead',
      dnd: rng.chance(0.05),
      dndSettings: {},
      timezone: location.timezone,
      country: location.country,
      city,
      state,
      address1: rng.chance(0.5)
        ? `${rng.int(1, 999)} ${rng.pick(['Main St', 'Calle Mayor', 'Ocean Dr', 'Gran Vía'])}`
        : null,
      postalCode,
      website: null,
      gender: null,
      dateOfBirth: rng.chance(0.3)
        ? iso(Date.UTC(rng.int(1950, 2005), rng.int(0, 11), rng.int(1, 28)))
        : null,
      assignedTo: rng.chance(0.7) ? user.id : null,
      additionalEmails: [],
      additionalPhones: rng.chance(0.1) ? [this.uniquePhone(spanish)] : [],
      followers: [],
      createdBy: rng.chance(0.5)
        ? { source: 'WEB_USER', channel: 'APP', sourceId: user.id, timestamp: iso(added) }
        : { source: 'INTEGRATION', channel: 'API', sourceId: 'FormsIntegration0001', timestamp: iso(added) },
      dateAdded: iso(added),
      dateUpdated: iso(Math.min(now, added + rng.int(0, 200) * DAY)),
      lastActivity: rng.chance(0.5) ? iso(now - rng.int(0, 60) * DAY) : null,
    };
    store.putContact(contact);
    if (withActivity) this.activity(contact, location);
    return contact;
  }

  /** Two contacts sharing an email in the clinic, which allows duplicates. */
  clinicDuplicatePair(): void {
    const first = this.contact(LOCATIONS.clinic.id, null, false);
    const second = this.contact(LOCATIONS.clinic.id, null, false);
    first.email = 'shared.family@example.com';
    second.email = 'shared.family@example.com';
    this.store.touched(first);
  }

  private activity(contact: ContactRecord, location: LocationRecord): void {
    const { store, now } = this;
    const rng = store.rng;
    const tasks = Array.from({ length: rng.int(0, 4) }, () => {
      const completed = rng.chance(0.4);
      const due = completed ? now - rng.int(1, 90) * DAY : now + rng.int(-10, 30) * DAY;
      return task(
        contact.id,
        store.newId(),
        rng.pick(TASK_TITLES),
        rng.chance(0.4) ? rng.pick(NOTE_BODIES) : null,
        rng.pick(location.users).id,
        localDayAt(due, 0, rng.int(8, 18), rng.pick([0, 15, 30, 45])),
        completed,
        Math.min(now, due - rng.int(1, 20) * DAY),
      );
    });
    if (tasks.length) store.tasks.set(contact.id, tasks);
    const notes = Array.from({ length: rng.int(0, 3) }, () =>
      note(
        contact.id,
        store.newId(),
        rng.pick(NOTE_BODIES),
        rng.pick(location.users).id,
        now - rng.int(0, 300) * DAY,
        {},
      ),
    );
    if (notes.length) store.notes.set(contact.id, notes);
    const appointments = Array.from({ length: rng.chance(0.4) ? rng.int(1, 2) : 0 }, () => {
      const start = localDayAt(now, rng.int(-60, 30), rng.int(8, 19), rng.pick([0, 30]));
      const past = start < now;
      const status = past
        ? rng.pick(['showed', 'noshow', 'cancelled'])
        : rng.pick(['confirmed', 'booked', 'cancelled']);
      return appointment(
        contact.id,
        store.newId(),
        location.id,
        rng.pick(location.calendars).id,
        rng.pick(APPOINTMENT_TITLES),
        status,
        rng.pick(location.users).id,
        start,
        rng.pick([30, 45, 60]),
        location.timezone,
        rng.chance(0.5) ? 'local' : 'offset',
        start - rng.int(1, 30) * DAY,
      );
    });
    if (appointments.length) store.appointments.set(contact.id, appointments);
  }

  private customFieldValue(key: string): string {
    const rng = this.store.rng;
    switch (key) {
      case 'contact.membership_plan':
        return rng.pick(['Basic', 'Silver', 'Gold', 'Gold Plus']);
      case 'contact.home_gym':
        return rng.pick(['Gimnasio Sol Centro', 'Gimnasio Sol Norte', 'Downtown']);
      case 'contact.member_since':
        return `20${rng.int(15, 24)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
      default:
        return rng.pick(['Sanitas', 'Adeslas', 'DKV', 'Mapfre']);
    }
  }

  private uniqueEmail(firstName: string | null, lastName: string | null): string {
    const rng = this.store.rng;
    const base = [firstName, lastName]
      .filter(Boolean)
      .join('.')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-zA-Z.]/g, '')
      .toLowerCase();
    const local = base || `member${rng.int(100, 999)}`;
    const domain = rng.pick(['example.com', 'example.org', 'example.net']);
    for (let n = 0; ; n++) {
      const email = `${local}${n === 0 ? '' : n}@${domain}`;
      if (!this.emails.has(email)) {
        this.emails.add(email);
        return email;
      }
    }
  }

  private uniquePhone(spanish: boolean): string {
    const rng = this.store.rng;
    for (;;) {
      // US numbers on the 555 exchange, conventionally fictional; Spanish mobiles in the 6xx range.
      const phone = spanish
        ? `+346${rng.int(10, 99)}${String(rng.int(0, 999_999)).padStart(6, '0')}`
        : `+1${rng.pick(['202', '305', '415', '512', '617'])}555${String(rng.int(0, 9999)).padStart(4, '0')}`;
      if (!this.phones.has(phone)) {
        this.phones.add(phone);
        return phone;
      }
    }
  }
}
