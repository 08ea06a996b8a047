/**
 * A protocol map built from its payload schemas: each message's payload type is its schema's output, so what
 * a sender may send and what its route accepts are one definition. Only types: protocol modules import their
 * schemas with `import type`, and nothing of valibot reaches the pages that only send.
 */
import type { GenericSchema, InferOutput } from 'valibot';
import type { Reply } from './reply';

export type Messages<
  Payloads extends Record<string, GenericSchema>,
  Results extends { [K in keyof Payloads]: unknown },
> = {
  [K in keyof Payloads]: (payload: InferOutput<Payloads[K]>) => Reply<Results[K]>;
};
