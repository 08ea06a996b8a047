/**
 * Identical requests in flight are made once: every caller with the same key shares one promise (the pattern
 * of webext-storage-cache's cached functions). A caller that aborts leaves alone; the request itself is only
 * cancelled when every caller has left. A caller of higher priority lifts the shared request's priority.
 */
import { higherPriority, type Priority, type PriorityRef } from './limiter.ts';

export interface FlightContext {
  /** Aborted when every caller has gone away. */
  signal: AbortSignal;
  priority: PriorityRef;
}

export interface JoinOptions {
  priority: Priority;
  signal?: AbortSignal | undefined;
  /** Called when a joining caller raised the shared priority (so a queue can look again). */
  onRaise?: (() => void) | undefined;
}

interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  priority: PriorityRef;
  callers: number;
}

export class SingleFlight {
  readonly #flights = new Map<string, Flight>();

  get size(): number {
    return this.#flights.size;
  }

  run<T>(key: string, task: (context: FlightContext) => Promise<T>, options: JoinOptions): Promise<T> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    let flight = this.#flights.get(key);
    if (flight) {
      const raised = higherPriority(flight.priority.value, options.priority);
      if (raised !== flight.priority.value) {
        flight.priority.value = raised;
        options.onRaise?.();
      }
    } else {
      const controller = new AbortController();
      const priority = { value: options.priority };
      const created: Flight = { promise: Promise.resolve(), controller, priority, callers: 0 };
      created.promise = (async () => task({ signal: controller.signal, priority }))().finally(() => {
        if (this.#flights.get(key) === created) this.#flights.delete(key);
      });
      // The shared promise may settle with nobody listening (all callers aborted): that is not unhandled.
      created.promise.catch(() => undefined);
      this.#flights.set(key, created);
      flight = created;
    }
    return this.#join(key, flight, options.signal) as Promise<T>;
  }

  #join(key: string, flight: Flight, signal: AbortSignal | undefined): Promise<unknown> {
    flight.callers++;
    if (!signal) return flight.promise;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        flight.callers--;
        if (flight.callers === 0) {
          flight.controller.abort(signal.reason);
          if (this.#flights.get(key) === flight) this.#flights.delete(key);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
