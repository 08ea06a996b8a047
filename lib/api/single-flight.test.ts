import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs the task once for concurrent callers of the same key and gives each the result', async () => {
    const flights = new SingleFlight();
    const gate = deferred<string>();
    let runs = 0;
    const task = () => {
      runs++;
      return gate.promise;
    };
    const callers = [1, 2, 3].map(() => flights.run('k', task, { priority: 'interactive' }));
    gate.resolve('value');
    expect(await Promise.all(callers)).toEqual(['value', 'value', 'value']);
    expect(runs).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('starts afresh once the previous flight has landed', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    await flights.run('k', async () => ++runs, { priority: 'interactive' });
    await flights.run('k', async () => ++runs, { priority: 'interactive' });
    expect(runs).toBe(2);
  });

  it('shares failures too, and forgets the key after them', async () => {
    const flights = new SingleFlight();
    const gate = deferred<string>();
    const a = flights.run('k', () => gate.promise, { priority: 'interactive' });
    const b = flights.run('k', () => gate.promise, { priority: 'interactive' });
    gate.reject(new Error('nope'));
    await expect(a).rejects.toThrow('nope');
    await expect(b).rejects.toThrow('nope');
    expect(flights.size).toBe(0);
  });

  it('cancels the shared task only when every caller has aborted', async () => {
    const flights = new SingleFlight();
    let taskSignal: AbortSignal | undefined;
    const task = ({ signal }: { signal: AbortSignal }) => {
      taskSignal = signal;
      return new Promise<string>(() => undefined);
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = flights.run('k', task, { priority: 'interactive', signal: first.signal });
    const b = flights.run('k', task, { priority: 'interactive', signal: second.signal });
    first.abort(new Error('first left'));
    await expect(a).rejects.toThrow('first left');
    expect(taskSignal?.aborted).toBe(false);
    second.abort(new Error('second left'));
    await expect(b).rejects.toThrow('second left');
    expect(taskSignal?.aborted).toBe(true);
    expect(flights.size).toBe(0);
  });

  it('raises the shared priority when a more urgent caller joins, and says so', async () => {
    const flights = new SingleFlight();
    const gate = deferred<void>();
    let seen: { value: string } | undefined;
    let raised = 0;
    const first = flights.run(
      'k',
      async ({ priority }) => {
        seen = priority;
        await gate.promise;
      },
      { priority: 'prefetch' },
    );
    const second = flights.run('k', async () => undefined, {
      priority: 'interactive',
      onRaise: () => raised++,
    });
    expect(seen?.value).toBe('interactive');
    expect(raised).toBe(1);
    gate.resolve();
    await Promise.all([first, second]);
  });

  it('rejects at once for a caller that arrives already aborted', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(
      flights.run('k', async () => ++runs, { priority: 'interactive', signal: controller.signal }),
    ).rejects.toThrow('too late');
    expect(runs).toBe(0);
  });
});
