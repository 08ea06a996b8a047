/**
 * Gestioo's demo data: the named demo people that have a Gestioo record (as "clientes", under their Gestioo
 * ids, with the email/phone Gestioo shows), their companies as "empresas", and 30 generated clients and six
 * generated companies that exist only in Gestioo.
 */
import { DEMO_PEOPLE } from '../../fixtures.ts';
import { createRng } from '../../prng.ts';
import { emailLocalPart, randomDigits } from '../shared/generate.ts';

export interface GestiooCliente {
  id: string;
  nombre: string;
  apellidos: string;
  email: string | null;
  /** As entered; seeded numbers are E.164. */
  telefono: string | null;
  empresaId: string | null;
  nif: string | null;
  poblacion: string | null;
  /** ISO date of "fecha de alta". */
  alta: string;
}

/** A client as the API returns it: with its company's name. */
export type ClienteView = GestiooCliente & { empresa: { id: string; nombre: string } | null };

export interface GestiooEmpresa {
  id: string;
  nombre: string;
  cif: string | null;
  email: string | null;
  telefono: string | null;
  poblacion: string | null;
}

export interface GestiooData {
  clientes: GestiooCliente[];
  empresas: GestiooEmpresa[];
}

const NOMBRES = [
  'Lucía',
  'Hugo',
  'Martina',
  'Mateo',
  'Sofía',
  'Leo',
  'Julia',
  'Pablo',
  'Valeria',
  'Álvaro',
  'Carmen',
  'Javier',
  'Elena',
  'Diego',
  'Paula',
  'Adrián',
  'Irene',
  'Sergio',
  'Noelia',
  'Raúl',
  'Nuria',
  'Iván',
];
const APELLIDOS = [
  'Fernández',
  'López',
  'Martínez',
  'Sánchez',
  'Pérez',
  'Gómez',
  'Ruiz',
  'Díaz',
  'Moreno',
  'Muñoz',
  'Álvarez',
  'Romero',
  'Navarro',
  'Torres',
  'Domínguez',
  'Vázquez',
  'Ramos',
  'Gil',
  'Serrano',
  'Blanco',
];
const POBLACIONES = ['Madrid', 'Valencia', 'Sevilla', 'Zaragoza', 'Málaga', 'Bilbao', 'Alicante', 'Granada'];
const EMPRESAS_GENERADAS = [
  'Talleres Ruiz S.L.',
  'Clínica Dental Sonrisa S.L.P.',
  'Construcciones Levante S.A.',
  'Panadería La Espiga',
  'Asesoría Fiscal Norte S.L.',
  'Hostal El Mirador',
];

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** A valid-looking Spanish DNI: eight digits and their check letter. */
function dni(digits: string): string {
  return `${digits}${DNI_LETTERS[Number(digits) % 23]}`;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const NAMED_DETAILS: Record<string, Pick<GestiooCliente, 'nif' | 'poblacion' | 'alta'>> = {
  ana: { nif: '48291736K', poblacion: 'Valencia', alta: '2022-05-10' },
  ben: { nif: null, poblacion: 'Barcelona', alta: '2023-02-21' },
  john1: { nif: null, poblacion: null, alta: '2021-11-03' },
  nora: { nif: '53124789Q', poblacion: 'Alicante', alta: '2024-09-16' },
  xss: {
    nif: '<b onclick="window.__xss=9">X</b>',
    poblacion: '<iframe src="javascript:window.__xss=10">',
    alta: '2022-01-01',
  },
  lucia: { nif: '71230458M', poblacion: 'Madrid', alta: '2024-03-04' },
};

/** A fresh copy of the seed (the same on every call). */
export function seedGestioo(): GestiooData {
  const empresas: GestiooEmpresa[] = [];
  const empresaIdByBusiness = new Map<string, string>();
  const clientes: GestiooCliente[] = [];

  for (const person of DEMO_PEOPLE) {
    const shown = person.gestioo;
    if (!shown) continue;
    let empresaId: string | null = null;
    if (person.business) {
      empresaId = empresaIdByBusiness.get(person.business.id) ?? null;
      if (!empresaId) {
        empresaId = String(301 + empresas.length);
        empresaIdByBusiness.set(person.business.id, empresaId);
        empresas.push({
          id: empresaId,
          nombre: person.business.name,
          cif: `B${String(46000000 + empresas.length * 7919).slice(0, 8)}`,
          email: null,
          telefono: null,
          poblacion: 'Valencia',
        });
      }
    }
    clientes.push({
      id: shown.id,
      nombre: person.firstName,
      apellidos: person.lastName,
      email: shown.email === undefined ? person.email : shown.email,
      telefono: shown.phone === undefined ? person.phone : shown.phone,
      empresaId,
      ...(NAMED_DETAILS[person.key] ?? { nif: null, poblacion: null, alta: '2024-01-01' }),
    });
  }

  const random = createRng(0x6e5710);
  for (const nombre of EMPRESAS_GENERADAS) {
    const local = emailLocalPart(nombre.split(' ')[0] ?? 'info');
    empresas.push({
      id: String(301 + empresas.length),
      nombre,
      cif: `B${randomDigits(random, 8)}`,
      email: `info@${local}.correo.example`,
      telefono: `+349${randomDigits(random, 8)}`,
      poblacion: random.pick(POBLACIONES),
    });
  }
  const generatedEmpresas = empresas.slice(-EMPRESAS_GENERADAS.length);
  for (let i = 0; i < 30; i++) {
    const nombre = random.pick(NOMBRES);
    const apellidos = `${random.pick(APELLIDOS)} ${random.pick(APELLIDOS)}`;
    clientes.push({
      id: String(4600 + i),
      nombre,
      apellidos,
      email: random.chance(0.75)
        ? `${emailLocalPart(nombre, apellidos.split(' ')[0] ?? '')}${random.int(1, 99)}@correo.example`
        : null,
      telefono: random.chance(0.85) ? `+346${randomDigits(random, 8)}` : null,
      empresaId: random.chance(0.4) ? random.pick(generatedEmpresas).id : null,
      nif: random.chance(0.7) ? dni(randomDigits(random, 8)) : null,
      poblacion: random.pick(POBLACIONES),
      alta: isoDate(random.int(2018, 2025), random.int(1, 12), random.int(1, 28)),
    });
  }
  return { clientes, empresas };
}
