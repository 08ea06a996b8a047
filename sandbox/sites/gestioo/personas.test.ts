import { describe, expect, it } from 'vitest';
import { demoPerson } from '../../fixtures.ts';
import { createGestiooPersonasSite, PERSONAS_HOST } from './personas.ts';

describe('the Gestioo account the extension has never seen (crm.gestioo.com)', () => {
  const site = createGestiooPersonasSite();

  it('shows each person at /personas/detalle/:id as a definition list with Spanish labels, escaped', async () => {
    expect(site.hosts).toEqual([PERSONAS_HOST]);
    const ana = demoPerson('ana');
    const page = await (await site.app.request(`/personas/detalle/${ana.gestioo?.id}`)).text();
    expect(page).toContain('<dt>Nombre completo</dt>');
    expect(page).toContain(`<dd>${ana.firstName} ${ana.lastName}</dd>`);
    expect(page).toContain(`<dd>${ana.email}</dd>`);
    const xss = await (await site.app.request(`/personas/detalle/${demoPerson('xss').gestioo?.id}`)).text();
    expect(xss).not.toContain('<img src=x');
    expect(xss).toContain('&lt;img src=x');
  });

  it('lists the people, and answers 404 for one it does not have', async () => {
    const list = await (await site.app.request('/personas')).text();
    expect(list).toContain(`href="/personas/detalle/${demoPerson('ben').gestioo?.id}"`);
    expect((await site.app.request('/personas/detalle/9999')).status).toBe(404);
  });
});
