#!/usr/bin/env node
import { ConfigError, loadConfig, usage } from '../config.js';
import { runClient } from './client.js';
import { clientUsage } from './help.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${clientUsage()}${usage()}`);
    return command === undefined ? 1 : 0;
  }
  if (command === 'tasks' || command === 'gremlin') return runClient(command, rest);
  if (command !== 'serve') {
    process.stderr.write(`loomgraph: unknown command '${command}'\n${usage()}`);
    return 2;
  }
  // Loaded for `serve` only: the client commands have no use for the server's modules.
  const { serverLogger, startServer } = await import('../server/server.js');
  let config;
  try {
    config = loadConfig(rest, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`loomgraph: ${err.message}\n${usage()}`);
      return 2;
    }
    throw err;
  }
  const log = serverLogger(config.logLevel);
  const server = await startServer(config, log);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping');
      void server.close().then(resolve, (err: unknown) => {
        log.error({ err }, 'error while stopping');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  log.info('stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const detail = err instanceof Error ? (process.env.LOOMGRAPH_LOG_LEVEL === 'debug' ? err.stack ?? err.message : err.message) : String(err);
    process.stderr.write(`loomgraph: ${detail}\n`);
    process.exit(1);
  },
);
