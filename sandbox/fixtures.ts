/**
 * The named people of the demo world. The HighLevel sandbox seeds them with these exact ids, and the demo
 * Gestioo and Gleantap sites show them under their own host ids, so that tests and the tour can point at
 * a known case: matched by email, by phone only, by name only (ambiguous), not in HighLevel at all, and a
 * contact whose fields carry script payloads. Everything else in the seed is generated from a seeded PRNG.
 */

export interface DemoLocation {
  id: string;
  name: string;
  companyId: string;
  timezone: string;
}

export const LOCATIONS = {
  main: {
    id: 've9EPM428h8vShlRW1KT',
    name: 'Sunrise Fitness',
    companyId: 'Cmp5Rk9dQ2bX8fLz1aWe',
    timezone: 'America/New_York',
  },
  clinic: {
    id: 'Xq2T7bN4mLp9sRc3vH8d',
    name: 'Costa Dental',
    companyId: 'Cmp5Rk9dQ2bX8fLz1aWe',
    timezone: 'Europe/Madrid',
  },
} as const satisfies Record<string, DemoLocation>;

/** A business (company) with many contacts: the large seed gives it ≥ 5,000. */
export const BIG_BUSINESS = {
  id: 'BizGimnasioSol000001',
  name: 'Gimnasio Sol',
  locationId: LOCATIONS.main.id,
} as const;
export const SMALL_BUSINESS = {
  id: 'BizNorthwindTrad0002',
  name: 'Northwind Traders',
  locationId: LOCATIONS.main.id,
} as const;

export interface DemoPerson {
  key: string;
  /** HighLevel contact id, or null when the person is not in HighLevel. */
  ghlContactId: string | null;
  locationId: string;
  firstName: string;
  lastName: string;
  /** Email as HighLevel has it (null: none). */
  email: string | null;
  /** Phone as HighLevel has it, E.164. */
  phone: string | null;
  business: { id: string; name: string } | null;
  tags: string[];
  /** How the host CRMs show this person: their own ids, and fields that may differ from HighLevel's. */
  gleantap: { id: string; email?: string | null; phone?: string | null } | null;
  gestioo: { id: string; email?: string | null; phone?: string | null } | null;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    // Matched by email on both sites; has open, overdue and completed tasks, notes and appointments.
    key: 'ana',
    ghlContactId: 'AnaGarciaCnt00000001',
    locationId: LOCATIONS.main.id,
    firstName: 'Ana',
    lastName: 'García',
    email: 'ana.garcia@example.com',
    phone: '+34612345678',
    business: BIG_BUSINESS,
    tags: ['vip', 'member'],
    gleantap: { id: 'gt_1001' },
    gestioo: { id: '4512' },
  },
  {
    // Email differs on the host pages: matched by phone only.
    key: 'ben',
    ghlContactId: 'BenCarterCnt00000002',
    locationId: LOCATIONS.main.id,
    firstName: 'Ben',
    lastName: 'Carter',
    email: 'ben.carter@example.com',
    phone: '+15551234567',
    business: SMALL_BUSINESS,
    tags: ['lead'],
    gleantap: { id: 'gt_1002', email: 'bcarter.work@example.org' },
    gestioo: { id: '4513', email: 'ben@northwind.example' },
  },
  {
    // Two HighLevel contacts share this name and the host page has no email or phone: ambiguous by name.
    key: 'john1',
    ghlContactId: 'JohnSmithCnt00000003',
    locationId: LOCATIONS.main.id,
    firstName: 'John',
    lastName: 'Smith',
    email: 'john.smith@example.com',
    phone: '+15557654321',
    business: null,
    tags: [],
    gleantap: { id: 'gt_1003', email: null, phone: null },
    gestioo: { id: '4514', email: null, phone: null },
  },
  {
    key: 'john2',
    ghlContactId: 'JohnSmithCnt00000004',
    locationId: LOCATIONS.main.id,
    firstName: 'John',
    lastName: 'Smith',
    email: 'jsmith@example.net',
    phone: '+15550001111',
    business: null,
    tags: ['former-member'],
    gleantap: null,
    gestioo: null,
  },
  {
    // On the host sites only: "Create in HighLevel".
    key: 'nora',
    ghlContactId: null,
    locationId: LOCATIONS.main.id,
    firstName: 'Nora',
    lastName: 'Quintana',
    email: 'nora.quintana@example.com',
    phone: '+34699887766',
    business: null,
    tags: [],
    gleantap: { id: 'gt_1005' },
    gestioo: { id: '4516' },
  },
  {
    // Every text field carries a payload; its notes and tasks too. Must render as inert text.
    key: 'xss',
    ghlContactId: 'XssPayloadCnt0000006',
    locationId: LOCATIONS.main.id,
    firstName: '<img src=x onerror="window.__xss=1">',
    lastName: '<script>window.__xss=2</script>',
    email: 'xss@example.com',
    phone: '+15559990000',
    business: { id: 'BizXssPayload0000003', name: '<svg onload="window.__xss=3">' },
    tags: ['<b onmouseover="window.__xss=4">tag</b>', 'javascript:alert(5)'],
    gleantap: { id: 'gt_1006' },
    gestioo: { id: '4517' },
  },
  {
    // Lives in the second location (Costa Dental), for switching locations.
    key: 'lucia',
    ghlContactId: 'LuciaMorenoCnt000007',
    locationId: LOCATIONS.clinic.id,
    firstName: 'Lucía',
    lastName: 'Moreno',
    email: 'lucia.moreno@example.com',
    phone: '+34655443322',
    business: null,
    tags: ['paciente'],
    gleantap: null,
    gestioo: { id: '4518' },
  },
];

/** The demo person with this key (the tests name them: 'ana', 'ben', …); throws for an unknown key. */
export function demoPerson(key: string): DemoPerson {
  const found = DEMO_PEOPLE.find((p) => p.key === key);
  if (!found) throw new Error(`no demo person ${key}`);
  return found;
}

/** Credentials the sandbox accepts. Sandbox-only values: the real ones never appear in this repository. */
export const SANDBOX_OAUTH_CLIENT = {
  clientId: 'hl-sidebar-sandbox-client',
  clientSecret: 'sandbox-secret-7f3a9c1e5b2d4a6f8e0c',
} as const;

/** Private Integration Tokens the sandbox seeds (static, no refresh), one location each. */
export const SANDBOX_PITS = {
  mainReadWrite: {
    token: 'pit-3f1c9a7e-5b2d-4c8e-9a6f-0d1e2f3a4b5c',
    locationId: LOCATIONS.main.id,
    scopes: ['contacts.readonly', 'contacts.write'],
  },
  mainReadOnly: {
    token: 'pit-8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
    locationId: LOCATIONS.main.id,
    scopes: ['contacts.readonly'],
  },
  clinicReadWrite: {
    token: 'pit-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    locationId: LOCATIONS.clinic.id,
    scopes: ['contacts.readonly', 'contacts.write'],
  },
} as const;

/** The hosts the sandbox answers for, and the Chromium flag that points them at it. */
export const SANDBOX_HOSTS = [
  'services.leadconnectorhq.com',
  'marketplace.gohighlevel.com',
  'marketplace.leadconnectorhq.com',
  'app.gleantap.com',
  'app2.gleantap.com',
  'app.gestioo.com',
  'demo.gestioo.com',
  'costadental.gestioo.com',
  'gimnasiosol.gestioo.com',
  'crm.gestioo.com',
] as const;

export function hostResolverRules(port: number): string {
  return SANDBOX_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(', ');
}
