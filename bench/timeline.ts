/**
 * Where the time of one contact open goes: the page's times (page-probes.ts), the content script's messages to
 * the background and the requests the sandbox answered, put on one axis in ms from the click. The page's clock
 * (performance.timeOrigin + now) and the sandbox's request log (Date) are both the machine's wall clock.
 */
import type { RequestLogEntry } from '../sandbox/server.ts';
import type { MessageTiming, NavigationTimes } from './page-probes.ts';
import { median, round } from './results.ts';

/** One measured open: the page's times, the content script's messages and what reached HighLevel. */
export interface OpenRun {
  times: NavigationTimes;
  messages: MessageTiming[];
  requests: RequestLogEntry[];
}

export type Phases = Record<string, number | null>;

/** The steps of an open, in ms from the click (null: the run had no such step), and the messages it took. */
export function phases(run: OpenRun): Phases {
  const { start, timeOrigin } = run.times;
  const startEpoch = timeOrigin + start;
  const since = (at: number | null | undefined) => (at === null || at === undefined ? null : at - start);
  const messages = run.messages.filter((m) => m.sentAt >= start);
  // The sections the match did not bring, asked for together (a retry of one section is a contact.section).
  const sections = messages.filter((m) => m.type === 'contact.sections');
  const firstSection = sections[0];
  const matches = messages.filter((m) => m.type === 'contact.match');
  // The match whose answer led to the sections: the last one answered before they were asked for.
  const leading = matches.filter(
    (m) => m.repliedAt !== null && (!firstSection || m.repliedAt <= firstSection.sentAt),
  );
  const arrivals = run.requests.map((entry) => Date.parse(entry.time));
  const departures = run.requests.map((entry) => Date.parse(entry.time) + entry.durationMs);
  return {
    'contact.match sent to the background': since(matches[0]?.sentAt),
    'contact.match answered': since(leading.at(-1)?.repliedAt),
    'contact.sections sent': since(firstSection?.sentAt),
    'first HighLevel request arrives': arrivals.length ? Math.min(...arrivals) - startEpoch : null,
    'last HighLevel answer leaves': departures.length ? Math.max(...departures) - startEpoch : null,
    'contact.sections answered': since(firstSection?.repliedAt),
    'card in the DOM': run.times.cardMs,
    'all sections in the DOM': run.times.allSectionsMs,
    'messages sent': messages.length,
  };
}

/** Step → scenario → median over the scenario's runs ("–" when no run had the step), for console.table. */
export function phaseTable(runs: Record<string, readonly OpenRun[]>): Record<string, Record<string, string>> {
  const table: Record<string, Record<string, string>> = {};
  for (const [scenario, list] of Object.entries(runs)) {
    const records = list.map(phases);
    for (const step of Object.keys(records[0] ?? {})) {
      const values = records.map((record) => record[step]).filter((value): value is number => value != null);
      table[step] ??= {};
      table[step][scenario] = values.length ? String(round(median(values))) : '–';
    }
  }
  return table;
}
