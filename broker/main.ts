/** Node entry of the token broker: `npm run broker` (or `node broker/main.ts`). Variables: README.md. */
import { BrokerConfigError } from './app.ts';
import { startNodeBroker } from './node-server.ts';

try {
  const broker = await startNodeBroker(process.env);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      broker.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (error) {
  if (!(error instanceof BrokerConfigError) && !(error instanceof Error && 'code' in error)) throw error;
  console.error(`Token broker not started: ${error.message}`);
  process.exit(1);
}
