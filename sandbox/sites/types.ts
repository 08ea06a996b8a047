import type { Hono } from 'hono';

/** A demo host CRM: a Hono app answering for its host, with server-side state that `reset` restores. */
export interface DemoSite {
  hosts: readonly string[];
  app: Hono;
  reset(): void;
}
