/** Ctrl-C while a command waits: caught, so that leaving is the command's choice (and a question first, on a terminal). */
import { createInterface } from 'node:readline';

/** Someone at a terminal who can be asked: stdin to answer, stderr to see the question. */
export function interactive(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/** Runs `handler` on each Ctrl-C (instead of Node's exit) until the returned function is called. */
export function onInterrupt(handler: () => void): () => void {
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGINT', handler);
  };
}

/** A yes/no question on the terminal: yes only for y or yes; Ctrl-C or the end of input say no. */
export function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: boolean) => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(answer);
    };
    rl.on('SIGINT', () => {
      process.stderr.write('\n');
      finish(false);
    });
    rl.on('close', () => finish(false));
    rl.question(question, (answer) => finish(/^y(es)?$/i.test(answer.trim())));
  });
}
