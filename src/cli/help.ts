/** `loomgraph help` for the client commands; the exit codes are documented here and in the README alike. */
import { DEFAULT_URL } from './options.js';

export function clientUsage(): string {
  return `usage: loomgraph <command> [options]

commands:
  serve [options]                        run the server (its options are below)
  tasks list [--status S] [--limit N] [--all]
                                         the graph's tasks: id, status, type, progress, created, name
                                         (--limit defaults to 100; --all lists every one)
  tasks get ID                           one task, as key: value lines
  tasks cancel ID                        cancel a task; prints the status it is left in
  tasks delete ID [--force]              delete a completed task's record (--force cancels it first)
  tasks clear [--status S]               delete every completed task (success, failed, cancelled) listed
  tasks watch ID [--poll]                a progress bar until the task ends; prints its result
  tasks watch [--status S]               a line per task change of the graph, until Ctrl-C (exit 0)
  gremlin SCRIPT                         run a script now and print result.data, one JSON value a line
  gremlin SCRIPT --job [--wait [--poll]] submit it as a job and print the task id; --wait watches it
                                         as 'tasks watch ID' does. SCRIPT '-' reads it from stdin
  help                                   this text

options of tasks and gremlin:
  --url URL      the server (${DEFAULT_URL}) [LOOMGRAPH_URL]
  --graph NAME   the graph (hugegraph)
  --user NAME    HTTP Basic user, with the password in LOOMGRAPH_PASSWORD [LOOMGRAPH_USER]
  --timeout S    seconds a request may take, and a watched server may stay out of reach (60)
  --json         the server's JSON, one document (tasks watch without ID: one event a line)
  --poll         watch by reading the task every 200 ms instead of the event stream (used
                 anyway when the server has none)

Ctrl-C while a task is watched asks "Cancel task N? [y/N]" on a terminal (y cancels it and
watches it end; anything else leaves it running, exit 130); elsewhere it cancels nothing, exit 130.
Progress goes to stderr, results and --json documents to stdout; errors are one line on stderr.

exit codes:
  0    done (a watched task succeeded)
  1    the watched task ended failed or cancelled, or the server answered the request with an
       error (its message is printed)
  2    usage error
  3    cannot reach the server (connection refused, unknown host, no answer within --timeout)
  4    authentication failed or not allowed (the server answered 401 or 403)
  130  Ctrl-C while a task was watched; the task keeps running

`;
}
