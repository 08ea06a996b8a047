/**
 * Deno entry: `deno serve --allow-net --allow-env --port 8787 broker/deno.ts` (Deno Deploy: entrypoint
 * `broker/deno.ts`). Configuration comes from the environment, as on Node.
 */
import { createBroker } from './app.ts';
import { denoClientAddress } from './client-address.ts';
import { brokerConfigFromEnv } from './config.ts';

declare const Deno: { env: { toObject(): Record<string, string> } };

const app = createBroker({
  ...brokerConfigFromEnv(Deno.env.toObject()),
  clientAddress: denoClientAddress,
});

// Deno calls fetch(request, info); Hono hands `info` (the peer's address) to the app as `c.env`.
export default { fetch: app.fetch };
