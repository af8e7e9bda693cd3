/**
 * One process of the cluster bench's scaled-out graphile-worker side (cluster.ts): runs no-op
 * jobs and reports to its parent how many it has run, every few milliseconds.
 * Arguments: connection string, schema, concurrency.
 */
import { Logger, run } from 'graphile-worker';

const [connectionString, schema, concurrency] = process.argv.slice(2);
const REPORT_MS = 5;

let done = 0;
const runner = await run({
  connectionString, schema, concurrency: Number(concurrency), noHandleSignals: true, pollInterval: 1000,
  taskList: { noop: async () => { done++; } },
  logger: new Logger(() => () => {}),
});
const send = (message: unknown) => process.send!(message);
const reporter = setInterval(() => send({ done }), REPORT_MS);
process.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(reporter);
  void runner.stop().then(() => {
    send({ done, stopped: true });
    process.disconnect();
  });
});
send({ ready: true });
