/**
 * The client commands (`tasks`, `gremlin`): HTTP clients of a running server, nothing more. Every
 * failure ends here as one line on stderr and its exit code.
 */
import { CliError, Exit, type ExitCode } from './exit.js';
import { runGremlin } from './gremlin-command.js';
import { clientUsage } from './help.js';
import { isTasksSubcommand, runTasks } from './tasks-command.js';

/** Resolves once what was written has been handed to the OS: the process exits right after. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.write('', () => resolve());
  });
}

/** A reader that went away (`| head`) is no error of ours: stop quietly, as other tools do. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(Exit.OK);
    process.exit(Exit.FAILED);
  });
}

async function dispatch(command: string, args: string[]): Promise<ExitCode> {
  if (command === 'gremlin') {
    const code = await runGremlin(args);
    if (code === null) process.stdout.write(clientUsage());
    return code ?? Exit.OK;
  }
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(clientUsage());
    return Exit.OK;
  }
  if (!isTasksSubcommand(sub)) {
    throw new CliError(sub === undefined ? 'tasks needs a subcommand' : `unknown tasks subcommand '${sub}'`, Exit.USAGE);
  }
  const code = await runTasks(sub!, rest);
  if (code === null) process.stdout.write(clientUsage());
  return code ?? Exit.OK;
}

export async function runClient(command: string, args: string[]): Promise<ExitCode> {
  quietOnClosedPipe(process.stdout);
  let code: ExitCode;
  try {
    code = await dispatch(command, args);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const usage = err instanceof CliError && err.code === Exit.USAGE;
    process.stderr.write(`loomgraph: ${message}${usage ? " (see 'loomgraph help')" : ''}\n`);
    code = err instanceof CliError ? err.code : Exit.FAILED;
  }
  await flushed(process.stdout);
  await flushed(process.stderr);
  return code;
}
