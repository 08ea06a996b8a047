/**
 * Injected failures for the API host: answer 500/503/429, answer malformed JSON, or drop the connection before or
 * after the handler ran (`dropAfterProcessing`: the write happened, the client never hears so). Each fault applies
 * to the next `times` matching requests, then retires.
 */

export type FaultKind =
  | 'status500'
  | 'status503'
  | 'status429'
  | 'dropAfterProcessing'
  | 'dropBeforeProcessing'
  | 'malformedJson';

export const FAULT_KINDS: readonly FaultKind[] = [
  'status500',
  'status503',
  'status429',
  'dropAfterProcessing',
  'dropBeforeProcessing',
  'malformedJson',
];

export interface FaultSpec {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regular expression source matched against the request path (any when absent). */
  path?: string;
  kind: FaultKind;
  /** How many matching requests it affects; default 1. */
  times?: number;
}

export interface ActiveFault {
  id: string;
  method: string | null;
  path: string | null;
  kind: FaultKind;
  remaining: number;
}

export class FaultRegistry {
  private faults: (ActiveFault & { pattern: RegExp | null })[] = [];
  private nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`Unknown fault kind: ${String(spec.kind)}`);
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('times must be a positive integer');
    const pattern = spec.path ? new RegExp(spec.path) : null;
    const fault = {
      id: `fault-${this.nextId++}`,
      method: spec.method ? spec.method.toUpperCase() : null,
      path: spec.path ?? null,
      kind: spec.kind,
      remaining: times,
      pattern,
    };
    this.faults.push(fault);
    return this.describe(fault);
  }

  /** The fault to apply to this request, if any; counts it against the fault's budget. */
  take(method: string, path: string): FaultKind | null {
    const fault = this.faults.find(
      (f) =>
        (f.method === null || f.method === method.toUpperCase()) &&
        (f.pattern === null || f.pattern.test(path)),
    );
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.kind;
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => this.describe(f));
  }

  clear(): void {
    this.faults = [];
  }

  private describe(fault: ActiveFault): ActiveFault {
    return {
      id: fault.id,
      method: fault.method,
      path: fault.path,
      kind: fault.kind,
      remaining: fault.remaining,
    };
  }
}
