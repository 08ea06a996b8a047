/**
 * What reached the sandbox's HighLevel hosts (API, token endpoint, consent page), for tests to assert on.
 * Entries never hold tokens, codes or client secrets: headers are not recorded at all, and token-endpoint forms are
 * reduced to their non-secret fields.
 */

export interface RequestLogEntry {
  seq: number;
  /** ISO 8601 time the request arrived. */
  time: string;
  host: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The answer's status; null when the connection was dropped without an answer. */
  status: number | null;
  /** The token's location, when the request carried a valid token. */
  locationId: string | null;
  scopes: string[] | null;
  body: unknown;
  durationMs: number;
  /** The injected fault that shaped the answer, if any. */
  fault: string | null;
}

/** Enough for any test run; older entries are dropped first. */
const MAX_ENTRIES = 20_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  /** Starts an entry; the caller fills in the outcome before `finish`. */
  begin(host: string, method: string, url: URL): RequestLogEntry {
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    return {
      seq: 0,
      time: new Date().toISOString(),
      host,
      method,
      path: url.pathname,
      query,
      status: null,
      locationId: null,
      scopes: null,
      body: null,
      durationMs: 0,
      fault: null,
    };
  }

  finish(entry: RequestLogEntry): void {
    entry.seq = ++this.seq;
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** Entries with `seq` greater than `since`, oldest first (copies). */
  since(since = 0): RequestLogEntry[] {
    return this.entries.filter((e) => e.seq > since).map((e) => structuredClone(e));
  }

  lastSeq(): number {
    return this.seq;
  }

  clear(): void {
    this.entries = [];
  }
}
