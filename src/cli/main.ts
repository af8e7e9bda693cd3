#!/usr/bin/env node
import { ConfigError, loadConfig, usage } from '../config.js';
import { serverLogger, startServer } from '../server/server.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage());
    return command === undefined ? 1 : 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`loomgraph: unknown command '${command}'\n${usage()}`);
    return 2;
  }
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
