/**
 * Benchmark of the HighLevel client against the local sandbox (`node bench/client.bench.ts`).
 *
 * The sandbox answers for services.leadconnectorhq.com on 127.0.0.1 with a self-signed certificate and 200 ms of
 * latency per request; the client runs unmodified in Node with a fetch whose connections go to that port (SNI and
 * Host stay HighLevel's). Measured: how fast a contact card opens (linked, by email, warm, five tabs at once) in
 * round trips of the same run, and a burst of 300 reads against HighLevel's 100 requests / 10 s, compared with
 * HighLevel's official SDK. Prints a table, merges the metrics into bench/results.json, exits 1 if a budget fails.
 */
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import * as sdk from '@gohighlevel/api-client';

import { createMemoryStore } from '../lib/api/cache.ts';
import { createHighLevelClient, type HighLevelClient } from '../lib/api/client.ts';
import { sandboxDispatcher } from '../sandbox/dispatcher.ts';
import { LOCATIONS } from '../sandbox/fixtures.ts';
import { startSandbox } from '../sandbox/server.ts';
import {
  check,
  comparison,
  describeMachine,
  type Metric,
  median,
  mergeResults,
  printTable,
  reportFailures,
  round,
} from './results.ts';

const API_HOST = 'services.leadconnectorhq.com';
const LATENCY_MS = 200;
const RUNS = 5;
const BURST = 300;
const LIMIT = { max: 100, intervalMs: 10_000 };
const LOCATION = LOCATIONS.main.id;

const sandbox = await startSandbox({ port: 0, latencyMs: LATENCY_MS, seed: 'demo' });
// Every connection goes to the sandbox's port while TLS (SNI) and Host name HighLevel, as in the browser with
// --host-resolver-rules. The sandbox speaks HTTP/1.1, so parallel requests need parallel sockets; HighLevel's
// HTTP/2 would carry them on one connection the browser already has open, hence the warm-up below.
const dispatcher = sandboxDispatcher(sandbox.port);
const fetchViaSandbox: typeof fetch = (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
const token = sandbox.control.mintToken({
  locationId: LOCATION,
  scopes: ['contacts.readonly', 'contacts.write'],
  expiresInSeconds: 3_600,
});
const tokens = { accessToken: async () => token, renew: async () => token };

function newClient(): HighLevelClient {
  return createHighLevelClient({ tokens, fetch: fetchViaSandbox, store: createMemoryStore() });
}

async function rawGet(path: string): Promise<number> {
  const started = performance.now();
  const response = await fetchViaSandbox(`https://${API_HOST}${path}`, {
    headers: { Version: '2021-07-28', Authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return performance.now() - started;
}

/** Requests the sandbox answered while `work` ran (its log is cleared first). */
async function counted<T>(
  work: () => Promise<T>,
): Promise<{ result: T; requests: number; statuses: number[] }> {
  sandbox.control.clearRequests();
  const result = await work();
  const log = sandbox.control.requests().filter((entry) => entry.host === API_HOST);
  return { result, requests: log.length, statuses: log.map((entry) => entry.status ?? 0) };
}

const people = sandbox.control.data
  .contacts(LOCATION)
  .filter((contact) => contact.email)
  .slice(0, RUNS * 3);
if (people.length < RUNS * 3) throw new Error('The sandbox seed has too few contacts with an email');

// Round trip: one GET on a warm connection, median of several.
await Promise.all(people.slice(0, 4).map((person) => rawGet(`/contacts/${person.id}`)));
const rttSamples: number[] = [];
for (let i = 0; i < 7; i++) rttSamples.push(await rawGet(`/contacts/${people[i % people.length]?.id}`));
const rtt = median(rttSamples);

// Open a linked contact, cache cold: contact, tasks, notes and appointments in one round trip.
const linkedTimes: number[] = [];
let linkedRequests = 0;
for (const person of people.slice(0, RUNS)) {
  const client = newClient();
  const started = performance.now();
  const { requests } = await counted(() => client.loadContactBundle(LOCATION, person.id));
  linkedTimes.push(performance.now() - started);
  linkedRequests = Math.max(linkedRequests, requests);
}

// Open by email, cache cold: one search, then the bundle.
const emailTimes: number[] = [];
for (const person of people.slice(RUNS, 2 * RUNS)) {
  const client = newClient();
  const started = performance.now();
  const match = await client.matchContact(LOCATION, {
    site: 'gleantap',
    hostRecordId: 'bench',
    email: person.email ?? '',
  });
  const found = match.candidates[0]?.contact;
  if (match.status !== 'matched' || found?.id !== person.id)
    throw new Error(`email match failed for ${person.id}`);
  await client.loadContactBundle(LOCATION, found.id);
  emailTimes.push(performance.now() - started);
}

// Open again, cache warm: nothing should wait for the network.
const warmTimes: number[] = [];
let warmBlocking = 0;
for (const person of people.slice(2 * RUNS, 3 * RUNS)) {
  const client = newClient();
  await client.loadContactBundle(LOCATION, person.id);
  const started = performance.now();
  const { requests } = await counted(() => client.loadContactBundle(LOCATION, person.id));
  warmTimes.push(performance.now() - started);
  warmBlocking = Math.max(warmBlocking, requests);
}

// Five tabs open the same contact at the same moment.
const tabsClient = newClient();
const tabs = await counted(() =>
  Promise.all(Array.from({ length: 5 }, () => tabsClient.loadContactBundle(LOCATION, people[0]?.id ?? ''))),
);

/** 300 distinct reads: the four sections of 75 contacts. */
const burstReads = sandbox.control.data
  .contacts(LOCATION)
  .slice(0, BURST / 4)
  .flatMap((contact) => [
    `/contacts/${contact.id}`,
    `/contacts/${contact.id}/tasks`,
    `/contacts/${contact.id}/notes`,
    `/contacts/${contact.id}/appointments`,
  ]);
if (burstReads.length !== BURST) throw new Error('The sandbox seed has too few contacts for the burst');

async function ourBurst(): Promise<{ seconds: number; statuses: number[] }> {
  sandbox.control.reset();
  const client = newClient();
  const started = performance.now();
  const { statuses } = await counted(() =>
    Promise.all(
      burstReads.map((path) => {
        const [, , id = '', section] = path.split('/');
        if (section === 'tasks') return client.getTasks(LOCATION, id);
        if (section === 'notes') return client.getNotes(LOCATION, id);
        if (section === 'appointments') return client.getAppointments(LOCATION, id);
        return client.getContact(LOCATION, id);
      }),
    ),
  );
  return { seconds: (performance.now() - started) / 1000, statuses };
}

/** The same burst through HighLevel's SDK, with its own 429 retry switched on and the right API version. */
async function sdkBurst(): Promise<{ seconds: number; statuses: number[]; failed: number }> {
  sandbox.control.reset();
  const HighLevel = sdk.HighLevel;
  const ghl = new HighLevel({
    privateIntegrationToken: token,
    apiVersion: '2021-07-28',
    rateLimitRetry: true,
    logLevel: 'error',
  });
  const agent = new HttpsAgent({ keepAlive: true });
  // Same routing as our fetch: sockets to the sandbox, TLS in HighLevel's name.
  (agent as unknown as { createConnection: (options: object) => Socket }).createConnection = (options) =>
    tlsConnect({
      ...options,
      host: '127.0.0.1',
      port: sandbox.port,
      servername: API_HOST,
      rejectUnauthorized: false,
    });
  // The SDK keeps its axios instance private; its agent is the one place to route it.
  (ghl as unknown as { httpClient: { defaults: { httpsAgent?: unknown } } }).httpClient.defaults.httpsAgent =
    agent;
  const started = performance.now();
  let failed = 0;
  const { statuses } = await counted(() =>
    Promise.all(
      burstReads.map((path) => {
        const [, , contactId = '', section] = path.split('/');
        const call =
          section === 'tasks'
            ? ghl.contacts.getAllTasks({ contactId })
            : section === 'notes'
              ? ghl.contacts.getAllNotes({ contactId })
              : section === 'appointments'
                ? ghl.contacts.getAppointmentsForContact({ contactId })
                : ghl.contacts.getContact({ contactId });
        return call.catch(() => {
          failed++;
        });
      }),
    ),
  );
  agent.destroy();
  return { seconds: (performance.now() - started) / 1000, statuses, failed };
}

const ours = await ourBurst();
const theirs = await sdkBurst();
// The best any client can do: a full window at once, then a full window each interval, plus one round trip.
const idealSeconds = ((Math.ceil(BURST / LIMIT.max) - 1) * LIMIT.intervalMs + rtt) / 1000;
const count429 = (statuses: number[]) => statuses.filter((status) => status === 429).length;

const linkedBudget = 1.2 * rtt + 50;
const emailBudget = 2.2 * rtt + 50;
const metrics: Metric[] = [
  comparison('rtt.ms', rtt, 'ms'),
  check('open.linked.cold.ms', median(linkedTimes), 'ms', '<=', linkedBudget),
  check('open.linked.cold.requests', linkedRequests, 'requests', '<=', 4),
  check('open.email.cold.ms', median(emailTimes), 'ms', '<=', emailBudget),
  check('open.warm.ms', median(warmTimes), 'ms', '<=', 50),
  check('open.warm.blockingRequests', warmBlocking, 'requests', '<=', 0),
  check('open.tabs5.requests', tabs.requests, 'requests', '<=', linkedRequests),
  check('burst300.429s', count429(ours.statuses), 'responses', '<=', 0),
  comparison('burst300.seconds', ours.seconds, 's', 2),
  check('burst300.throughputRatio', idealSeconds / ours.seconds, 'ratio', '>=', 0.9),
  comparison('burst300.sdk.429s', count429(theirs.statuses), 'responses'),
  comparison('burst300.sdk.seconds', theirs.seconds, 's', 2),
  comparison('burst300.sdk.failed', theirs.failed, 'calls'),
];

console.log(
  `HighLevel client benchmark: sandbox latency ${LATENCY_MS} ms, round trip ${round(rtt)} ms, ${RUNS} runs each\n`,
);
printTable(metrics);
mergeResults(metrics, describeMachine());

await dispatcher.close();
await sandbox.close();
if (!reportFailures(metrics)) process.exit(1);
