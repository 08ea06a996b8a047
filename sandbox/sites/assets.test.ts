import { describe, expect, it } from 'vitest';
import { createGestiooSite } from './gestioo/app.ts';
import { createGleantapSite } from './gleantap/app.ts';

const IMPORT = /^\s*import\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

describe.each([
  ['Gleantap', createGleantapSite, '/assets/gleantap/main.ts', '/assets/gleantap/style.css'],
  ['Gestioo', createGestiooSite, '/assets/gestioo/main.ts', '/assets/gestioo/style.css'],
])('the demo %s app modules', (_name, create, entry, stylesheet) => {
  it('reach the browser as JavaScript with their types stripped', async () => {
    const site = create();
    const response = await site.app.request(entry.replace('main.ts', 'client.ts'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    const code = await response.text();
    expect(code).toContain('export function mount');
    expect(code).not.toMatch(/^\s*import type /m);
    expect(code).not.toMatch(/^\s*export (?:interface|type) /m);
  });

  it('import only modules the site serves, so the page loads without a build step', async () => {
    const site = create();
    const pending = [entry];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const path = pending.pop() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const response = await site.app.request(path);
      expect(response.status, path).toBe(200);
      for (const [, specifier] of (await response.text()).matchAll(IMPORT)) {
        pending.push(new URL(specifier as string, `https://host${path}`).pathname);
      }
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('serve the stylesheet as CSS, and nothing outside the listed assets', async () => {
    const site = create();
    const css = await site.app.request(stylesheet);
    expect(css.headers.get('content-type')).toContain('text/css');
    for (const path of [
      entry.replace('main.ts', 'app.ts'),
      entry.replace('main.ts', 'data.ts'),
      '/assets/shared/serve.ts',
    ]) {
      const response = await site.app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('import ');
    }
  });
});
