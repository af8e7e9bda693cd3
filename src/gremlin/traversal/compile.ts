/**
 * Folds modulators into the steps they modulate: by/option/with/from/to/times go to the step
 * before them; emit/until go to the repeat they follow, or to the next repeat when they precede
 * it; property() steps right after addV/addE become creation properties (HugeGraph needs primary
 * keys at creation).
 */
import { ScriptError } from '../interpreter/host.js';
import type { CompiledStep } from './runtime.js';
import { isEnum } from './tokens.js';

export const MODULATORS = new Set(['by', 'option', 'with', 'from', 'to', 'times', 'emit', 'until']);

function isAbsorbable(args: unknown[]): boolean {
  return args.every((a) => !(typeof a === 'object' && a !== null && 'steps' in a));
}

export function compileSteps(specs: readonly { name: string; args: unknown[] }[]): CompiledStep[] {
  const out: CompiledStep[] = [];
  let pending: Partial<CompiledStep> = {};
  let absorbing = false;
  for (const spec of specs) {
    const last = out[out.length - 1];
    const { name, args } = spec;
    // to(Direction, labels...) is TinkerPop 3.8's navigation step, not addE's modulator.
    const isStep = !MODULATORS.has(name) || (name === 'to' && isEnum(args[0], 'Direction'));
    if (isStep) {
      if (name === 'property' && absorbing && last && isAbsorbable(args)) {
        last.props.push(args);
        continue;
      }
      const step: CompiledStep = { name, args, by: [], options: [], withs: [], props: [] };
      if (name === 'repeat') Object.assign(step, pending);
      pending = {};
      absorbing = name === 'addV' || name === 'addE';
      out.push(step);
      continue;
    }
    if (name === 'emit' || name === 'until' || name === 'times') {
      const value = name === 'times' ? Number(args[0]) : args.length === 0 ? true : args[0];
      if (last?.name === 'repeat' && pending[name] === undefined) {
        last[name] = value as never;
      } else {
        pending[name] = value as never;
        if (name === 'emit') pending.emitFirst = true;
        if (name === 'until' || name === 'times') pending.untilFirst = true;
      }
      continue;
    }
    if (!last) throw new ScriptError('java.lang.IllegalStateException', `The ${name}() modulator must follow a step`);
    switch (name) {
      case 'by': last.by.push(args); break;
      case 'option': last.options.push(args); break;
      case 'with': last.withs.push(args); break;
      case 'from': last.from = args[0]; break;
      case 'to': last.to = args[0]; break;
      default: break;
    }
  }
  return out;
}
