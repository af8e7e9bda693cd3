/**
 * `node dist/bench/parse.js [shape ...]`: parse time and heap against script size, for scripts
 * made of one shape repeated (statements, long strings, lists, nesting, method chains).
 *
 * Each parse runs in a fresh worker thread with an executor's stack (the default 4 MB) and a
 * large heap, so that one size's garbage does not bill the next and a failure is reported as the
 * parse's outcome rather than ending the run. Sizes: BENCH_PARSE_SIZES, comma-separated bytes
 * (1 KB to 20 MB by default).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseScript } from '../src/gremlin/groovy/parser.js';

const KB = 1024;
const MB = 1024 * KB;

/** Makes a script of about `size` bytes. */
const SHAPES: Record<string, (size: number) => string> = {
  statements: (size) => 'x = 1 + 2\n'.repeat(Math.ceil(size / 10)),
  'single-quoted string': (size) => `s = '${'a'.repeat(size)}'\n`,
  'double-quoted string': (size) => `s = "${'a'.repeat(size)}"\n`,
  'string of escapes': (size) => `s = '${'\\n'.repeat(Math.ceil(size / 2))}'\n`,
  'triple-quoted lines': (size) => `s = '''${'abc\n'.repeat(Math.ceil(size / 4))}'''\n`,
  'block comment': (size) => `/*${' '.repeat(size)}*/ 1\n`,
  list: (size) => `[${'1,'.repeat(Math.ceil(size / 2))}1]\n`,
  map: (size) => `[${'a: 1, '.repeat(Math.ceil(size / 6))}b: 2]\n`,
  concatenation: (size) => `s = 'a'${" + 'a'".repeat(Math.ceil(size / 6))}\n`,
  'GString holes': (size) => `s = "${'${x}'.repeat(Math.ceil(size / 4))}"\n`,
  'empty statements': (size) => ';'.repeat(size),
  'closures (lines)': (size) => 'f = { it + 1 }\n'.repeat(Math.ceil(size / 15)),
  'closures (one line)': (size) => `[${'{ it },'.repeat(Math.ceil(size / 7))}1]\n`,
  'method chain': (size) => `g.V()${'.out()'.repeat(Math.ceil(size / 6))}\n`,
  'nested parens': (size) => `${'('.repeat(size / 2)}1${')'.repeat(size / 2)}\n`,
  'nested blocks': (size) => `${'{ '.repeat(size / 4)}${'} '.repeat(size / 4)}\n`,
  'nested closures': (size) => `${'a = {'.repeat(size / 6)}${'}'.repeat(size / 6)}\n`,
};

const SIZES = (process.env.BENCH_PARSE_SIZES ?? `${KB},${10 * KB},${150 * KB},${MB},${5 * MB},${20 * MB}`)
  .split(',').map(Number);

const GIVE_UP_MS = Number(process.env.BENCH_PARSE_GIVE_UP_MS ?? 60_000);

/**
 * `cpuMs`: CPU time of the process over the parse (the main thread idles meanwhile), steadier
 * than the wall clock on a shared machine.
 */
interface Measured { ms: number; cpuMs: number; heapMb: number; peakHeapMb: number; retainedMb: number; outcome: string }

/** A full collection, so that what is left is what the parse's result holds. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function measureHere(shape: string, size: number): Measured {
  const source = SHAPES[shape]!(size);
  const before = getHeapStatistics().used_heap_size;
  let peak = before;
  // Sampled at each of the parser's checkpoints: the heap the parse holds while it runs.
  const control = { checkpoint: () => { peak = Math.max(peak, getHeapStatistics().used_heap_size); } };
  const cpu = process.cpuUsage();
  const started = performance.now();
  let outcome = 'ok';
  let program: unknown = null;
  try {
    program = parseScript(source, control);
  } catch (e) {
    outcome = e instanceof Error ? `${(e as { javaClass?: string }).javaClass ?? e.name}` : String(e);
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const after = getHeapStatistics().used_heap_size;
  collectGarbage();
  const retained = getHeapStatistics().used_heap_size;
  void program;
  return {
    ms, cpuMs, heapMb: (after - before) / MB, peakHeapMb: (Math.max(peak, after) - before) / MB,
    retainedMb: (retained - before) / MB, outcome,
  };
}

function measureInWorker(shape: string, size: number): Promise<Measured> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { shape, size },
      resourceLimits: { maxOldGenerationSizeMb: 8192, maxYoungGenerationSizeMb: 32 },
    });
    const failed = (outcome: string): Measured => ({ ms: NaN, cpuMs: NaN, heapMb: NaN, peakHeapMb: NaN, retainedMb: NaN, outcome });
    const timer = setTimeout(() => {
      resolve(failed(`gave up after ${GIVE_UP_MS} ms`));
      void worker.terminate();
    }, GIVE_UP_MS);
    worker.once('message', (m: Measured) => {
      clearTimeout(timer);
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      resolve(failed(`worker died: ${err.message}`));
    });
  });
}

function size(bytes: number): string {
  return bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`;
}

async function main(): Promise<void> {
  const shapes = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(SHAPES);
  console.log('| shape | size | wall ms | CPU ms | CPU ms/MB | heap after MB | peak heap MB | retained MB | outcome |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const shape of shapes) {
    for (const bytes of SIZES) {
      const m = await measureInWorker(shape, bytes);
      const perMb = m.cpuMs / (bytes / MB);
      console.log(`| ${shape} | ${size(bytes)} | ${m.ms.toFixed(0)} | ${m.cpuMs.toFixed(0)} | ${perMb.toFixed(0)} | ${m.heapMb.toFixed(0)} | ${m.peakHeapMb.toFixed(0)} | ${m.retainedMb.toFixed(0)} | ${m.outcome} |`);
    }
  }
}

if (isMainThread) {
  await main();
} else {
  const { shape, size: bytes } = workerData as { shape: string; size: number };
  parentPort!.postMessage(measureHere(shape, bytes));
}
