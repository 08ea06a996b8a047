/**
 * Gleantap's demo data: the named demo people that have a Gleantap record (under their Gleantap ids, with
 * the email/phone Gleantap shows) and 30 generated members who exist only in Gleantap.
 */
import { DEMO_PEOPLE } from '../../fixtures.ts';
import { createRng } from '../../prng.ts';
import { emailLocalPart, randomDigits } from '../shared/generate.ts';

export type MembershipStatus = 'Active member' | 'Trial' | 'Lead' | 'Former member';

export interface GleantapContact {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  /** As entered; seeded numbers are E.164. */
  phone: string | null;
  company: string | null;
  status: MembershipStatus;
  /** ISO date. */
  memberSince: string | null;
  source: string;
  tags: string[];
  createdAt: string;
}

export interface GleantapTask {
  id: string;
  contactId: string;
  title: string;
  /** ISO date. */
  dueDate: string | null;
  description: string | null;
  completed: boolean;
  createdAt: string;
}

export interface GleantapData {
  contacts: GleantapContact[];
  tasks: GleantapTask[];
}

const NAMED_DETAILS: Record<string, Pick<GleantapContact, 'status' | 'memberSince' | 'source'>> = {
  ana: { status: 'Active member', memberSince: '2023-03-14', source: 'Front desk' },
  ben: { status: 'Lead', memberSince: null, source: 'Website form' },
  john1: { status: 'Active member', memberSince: '2021-09-02', source: 'Referral' },
  nora: { status: 'Trial', memberSince: '2025-01-07', source: 'Instagram ad' },
  xss: {
    status: 'Active member',
    memberSince: '2022-11-30',
    source: '<i onmouseover="window.__xss=6">Web</i>',
  },
};

const FIRST_NAMES = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Mason',
  'Sophia',
  'Lucas',
  'Mia',
  'Ethan',
  'Harper',
  'Logan',
  'Chloe',
  'Daniel',
  'Grace',
  'Owen',
  'Zoe',
  'Caleb',
  'Lily',
  'Isaac',
  'Maya',
  'Julian',
  'Aria',
  'Leo',
];
const LAST_NAMES = [
  'Walker',
  'Bennett',
  'Hughes',
  'Foster',
  'Reyes',
  'Patel',
  'Nguyen',
  'Brooks',
  'Sullivan',
  'Price',
  'Coleman',
  'Jenkins',
  'Perry',
  'Powell',
  'Long',
  'Russell',
  'Griffin',
  'Hayes',
  'Myers',
  'Ford',
];
const COMPANIES = ['Peak Performance LLC', 'Blue Harbor Yoga', 'Ironside Athletics', 'Riverside Physio'];
const SOURCES = ['Website form', 'Front desk', 'Referral', 'Facebook lead ad', 'Class pass', 'Walk-in'];
const STATUSES: MembershipStatus[] = ['Active member', 'Active member', 'Trial', 'Lead', 'Former member'];
const TAGS = ['yoga', 'spin', 'personal-training', 'early-bird', 'family-plan', 'pilates'];

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function namedContacts(): GleantapContact[] {
  const contacts: GleantapContact[] = [];
  for (const person of DEMO_PEOPLE) {
    const shown = person.gleantap;
    if (!shown) continue;
    const details = NAMED_DETAILS[person.key] ?? {
      status: 'Lead',
      memberSince: null,
      source: 'Website form',
    };
    contacts.push({
      id: shown.id,
      firstName: person.firstName,
      lastName: person.lastName,
      email: shown.email === undefined ? person.email : shown.email,
      phone: shown.phone === undefined ? person.phone : shown.phone,
      company: person.business?.name ?? null,
      ...details,
      tags: [...person.tags],
      createdAt: `${details.memberSince ?? '2024-06-01'}T09:00:00.000Z`,
    });
  }
  return contacts;
}

function generatedContacts(): GleantapContact[] {
  const random = createRng(0x61ea7a9);
  const contacts: GleantapContact[] = [];
  for (let i = 0; i < 30; i++) {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const status = random.pick(STATUSES);
    const memberSince =
      status === 'Lead' ? null : isoDate(random.int(2019, 2025), random.int(1, 12), random.int(1, 28));
    const tags = random.chance(0.6) ? [random.pick(TAGS)] : [];
    contacts.push({
      id: `gt_${1101 + i}`,
      firstName,
      lastName,
      email: random.chance(0.9)
        ? `${emailLocalPart(firstName, lastName)}${random.int(1, 99)}@members.gleantap.example`
        : null,
      phone: random.chance(0.8) ? `+1555${randomDigits(random, 7)}` : null,
      company: random.chance(0.25) ? random.pick(COMPANIES) : null,
      status,
      memberSince,
      source: random.pick(SOURCES),
      tags,
      createdAt: `${memberSince ?? '2025-02-01'}T12:00:00.000Z`,
    });
  }
  return contacts;
}

function seedTasks(contacts: readonly GleantapContact[]): GleantapTask[] {
  const task = (id: string, contactId: string, title: string, dueDate: string | null, completed = false) => ({
    id,
    contactId,
    title,
    dueDate,
    description: null,
    completed,
    createdAt: '2025-01-02T10:00:00.000Z',
  });
  const tasks: GleantapTask[] = [
    task('tk_1', 'gt_1001', 'Call about annual membership renewal', '2025-06-02'),
    task('tk_2', 'gt_1001', 'Send the new spin class schedule', '2025-01-20', true),
    task('tk_3', 'gt_1005', 'Follow up after trial week', '2025-01-14'),
    {
      ...task('tk_4', 'gt_1006', '<img src=x onerror="window.__xss=7">', '2025-03-01'),
      description: '<script>window.__xss=8</script>',
    },
  ];
  const random = createRng(0x7a5c);
  const titles = [
    'Book a fitness assessment',
    'Check in after first class',
    'Offer the family plan',
    'Collect waiver',
  ];
  for (const contact of contacts.filter((_, i) => i % 5 === 0)) {
    tasks.push(
      task(
        `tk_${tasks.length + 1}`,
        contact.id,
        random.pick(titles),
        isoDate(2025, random.int(1, 12), random.int(1, 28)),
      ),
    );
  }
  return tasks;
}

/** A fresh copy of the seed (the same on every call). */
export function seedGleantap(): GleantapData {
  const generated = generatedContacts();
  return { contacts: [...namedContacts(), ...generated], tasks: seedTasks(generated) };
}
