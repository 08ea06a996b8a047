import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxClient, type SandboxClient } from './client.ts';
import { hostResolverRules, SANDBOX_HOSTS } from './fixtures.ts';
import { loadDemoSites, type Sandbox, startSandbox } from './server.ts';
import type { DemoSite } from './sites/types.ts';

function fakeSite(host: string): DemoSite & { resets: number } {
  const app = new Hono();
  app.get('/', (c) => c.text(`fake ${host}`));
  const site = {
    hosts: [host],
    app,
    resets: 0,
    reset() {
      site.resets++;
    },
  };
  return site;
}

describe('a sandbox with injected demo sites', () => {
  const gleantap = fakeSite('app.gleantap.com');
  let sandbox: Sandbox;
  let client: SandboxClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, sites: [gleantap] });
    client = createSandboxClient(sandbox.port);
  });

  afterAll(async () => {
    client.close();
    await sandbox.close();
  });

  it('reports its origin and the exact Chromium host-resolver rules', () => {
    expect(sandbox.origin).toBe(`https://127.0.0.1:${sandbox.port}`);
    expect(sandbox.hostResolverRules).toBe(hostResolverRules(sandbox.port));
    for (const host of SANDBOX_HOSTS)
      expect(sandbox.hostResolverRules).toContain(`MAP ${host} 127.0.0.1:${sandbox.port}`);
  });

  it('hands a demo host to its site, without API latency and without logging it', async () => {
    sandbox.control.configure({ latencyMs: 400 });
    const started = performance.now();
    const response = await client.send({ url: 'https://app.gleantap.com/' });
    expect(response.text).toBe('fake app.gleantap.com');
    expect(performance.now() - started).toBeLessThan(400);
    expect(sandbox.control.requests()).toEqual([]);
    sandbox.control.configure({ latencyMs: 0 });
  });

  it('resets the demo sites when it resets', () => {
    const before = gleantap.resets;
    sandbox.control.reset();
    expect(gleantap.resets).toBe(before + 1);
  });

  it('serves the control index on localhost too', async () => {
    const response = await client.send({ url: `https://localhost:${sandbox.port}/__sandbox` });
    expect(response.json()).toMatchObject({
      origin: sandbox.origin,
      hostResolverRules: sandbox.hostResolverRules,
    });
  });

  it('closes, after which nothing answers on its port', async () => {
    const other = await startSandbox({ port: 0, sites: [] });
    await other.close();
    const late = createSandboxClient(other.port);
    await expect(late.send({ url: `${other.origin}/__sandbox` })).rejects.toThrow();
    late.close();
  });

  it('refuses to start on a port that is taken', async () => {
    await expect(startSandbox({ port: sandbox.port, sites: [] })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('loadDemoSites', () => {
  it('loads the demo site of every module that exists, each answering for its own hosts', async () => {
    const expected = [
      ['sites/gleantap/app.ts', 'app.gleantap.com'],
      ['sites/gestioo/app.ts', 'app.gestioo.com'],
      ['sites/gestioo/personas.ts', 'crm.gestioo.com'],
    ].filter(([path]) => existsSync(new URL(`./${path}`, import.meta.url)));
    const sites = await loadDemoSites();
    expect(sites).toHaveLength(expected.length);
    const hosts = sites.flatMap((s) => s.hosts);
    for (const [, host] of expected) expect(hosts).toContain(host);
    for (const host of hosts) expect(SANDBOX_HOSTS as readonly string[]).toContain(host);
  });
});
