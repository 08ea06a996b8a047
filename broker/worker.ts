/**
 * Cloudflare Workers entry: `main = "broker/worker.ts"` in wrangler.toml. Configuration comes from the
 * Worker's `env` binding (`HL_CLIENT_SECRET` as a secret: `wrangler secret put HL_CLIENT_SECRET`).
 */
import type { Hono } from 'hono';
import { BrokerConfigError, createBroker } from './app.ts';
import { cloudflareClientAddress } from './client-address.ts';
import { type BrokerEnv, brokerConfigFromEnv } from './config.ts';

let built: { env: BrokerEnv; app: Hono } | undefined;

function misconfigured(): Response {
  return new Response(
    JSON.stringify({ error: 'server_error', error_description: 'The token broker is not configured.' }),
    {
      status: 500,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    },
  );
}

export default {
  fetch(request: Request, env: BrokerEnv): Response | Promise<Response> {
    // One app per env binding: the binding is stable within an isolate, so config is read once.
    if (built?.env !== env) {
      try {
        const config = { ...brokerConfigFromEnv(env), clientAddress: cloudflareClientAddress };
        built = { env, app: createBroker(config) };
      } catch (error) {
        if (!(error instanceof BrokerConfigError)) throw error;
        built = undefined;
        console.error(`Token broker not configured: ${error.message}`);
        return misconfigured();
      }
    }
    return built.app.fetch(request);
  },
};
