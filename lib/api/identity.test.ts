import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { emailsOf, nameKey, namesOf, normalizeEmail, phoneKey, phonesOf, samePhone } from './identity.ts';
import { type Contact, contactSchema } from './schemas.ts';

const contact = (fields: Record<string, unknown>): Contact => v.parse(contactSchema, { id: 'c1', ...fields });

describe('normalisers', () => {
  it('normalise emails, phones and names', () => {
    expect(normalizeEmail('mailto:Ana@Example.COM')).toBe('ana@example.com');
    expect(normalizeEmail('not an email')).toBeNull();
    expect(phoneKey('0034 612 345 678')).toEqual({ digits: '34612345678', e164: '+34612345678' });
    expect(phoneKey('12')).toBeNull();
    expect(nameKey('  José   GARCÍA ')).toBe('jose garcia');
  });
});

describe("a contact's identity", () => {
  it('takes every email, the additional ones too, normalised, and drops what is not an email', () => {
    const ana = contact({
      email: 'Ana@Example.com',
      additionalEmails: ['mailto:ana.work@example.com', { email: 'ANA@home.example' }, 'nope', 7],
    });
    expect(emailsOf(ana)).toEqual(['ana@example.com', 'ana.work@example.com', 'ana@home.example']);
  });

  it('takes the digits of every phone, dropping numbers too short to be one', () => {
    const ana = contact({ phone: '+34 612 345 678', additionalPhones: [{ phone: '612-345-679' }, '123'] });
    expect(phonesOf(ana)).toEqual(['34612345678', '612345679']);
  });

  it('takes every form of the name HighLevel keeps', () => {
    const ana = contact({ firstName: 'Ana', lastName: 'García', fullNameLowerCase: 'ana garcia' });
    expect(namesOf(ana)).toEqual(['ana garcia', 'ana garcia']);
  });

  it('calls two numbers the same when one is the other with a country code in front, and only then', () => {
    expect(samePhone('34612345678', '612345678')).toBe(true);
    expect(samePhone('612345678', '612345678')).toBe(true);
    // More than a country code's three digits apart, or too short to tell: not the same person.
    expect(samePhone('99934612345678', '612345678')).toBe(false);
    expect(samePhone('345678', '12345678')).toBe(false);
    expect(samePhone('612345678', '612345679')).toBe(false);
  });
});
