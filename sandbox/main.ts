/**
 * `npm run sandbox` — node sandbox/main.ts [--port 8443] [--latency 200] [--seed demo|large] [--seed-number N] [--log]
 * Starts the sandbox and prints what Chromium needs to reach it.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './server.ts';

const USAGE =
  'Usage: node sandbox/main.ts [--port 8443] [--latency 200] [--seed demo|large] [--seed-number N] [--log]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    fail(`--${name} must be a non-negative integer, not "${value}".`);
  return number;
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        latency: { type: 'string' },
        seed: { type: 'string' },
        'seed-number': { type: 'string' },
        log: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const args = parseCommandLine();
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const seed = args.values.seed ?? 'demo';
if (seed !== 'demo' && seed !== 'large') fail(`--seed must be "demo" or "large", not "${seed}".`);

const sandbox = await startSandbox({
  port: integer(args.values.port, 'port', 8443),
  latencyMs: integer(args.values.latency, 'latency', 0),
  seed,
  seedNumber:
    args.values['seed-number'] === undefined
      ? undefined
      : integer(args.values['seed-number'], 'seed-number', 0),
  log: args.values.log,
}).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  fail(
    code === 'EADDRINUSE'
      ? 'That port is in use; pick another with --port.'
      : `Could not start: ${String(error)}`,
  );
});

console.log(`HighLevel sandbox (seed "${seed}") listening on ${sandbox.origin}
Port: ${sandbox.port}
Chromium flags:
  --host-resolver-rules="${sandbox.hostResolverRules}" --ignore-certificate-errors
Control: ${sandbox.origin}/__sandbox/
Demo sites loaded: ${sandbox.state.sites.flatMap((s) => s.hosts).join(', ') || 'none yet'}
Press Ctrl+C to stop.`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the sandbox…`);
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
