/**
 * The sandbox for a test file that talks to it over the network: started before the file's tests (on a free
 * loopback port), closed after them, with a HighLevel client that reaches it as the extension reaches HighLevel.
 */
import type { Agent } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { createMemoryStore } from '../../lib/api/cache.ts';
import { createHighLevelClient, type HighLevelClient } from '../../lib/api/client.ts';
import { sandboxDispatcher } from '../../sandbox/dispatcher.ts';
import { type Sandbox, startSandbox } from '../../sandbox/server.ts';

export interface SandboxForTests {
  readonly sandbox: Sandbox;
  readonly dispatcher: Agent;
  /** A client with its own memory cache, authenticated with `token` (a PIT). */
  client(token: string): HighLevelClient;
}

export function useSandbox(): SandboxForTests {
  let sandbox: Sandbox | undefined;
  let dispatcher: Agent | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    dispatcher = sandboxDispatcher(sandbox.port);
  });
  afterAll(async () => {
    await dispatcher?.close();
    await sandbox?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The sandbox is started before the tests run.');
    return value;
  };
  return {
    get sandbox() {
      return started(sandbox);
    },
    get dispatcher() {
      return started(dispatcher);
    },
    client(token) {
      const agent = started(dispatcher);
      return createHighLevelClient({
        tokens: { accessToken: async () => token, renew: async () => token },
        store: createMemoryStore(),
        fetch: (input, init) => fetch(input, { ...init, dispatcher: agent } as RequestInit),
      });
    },
  };
}
