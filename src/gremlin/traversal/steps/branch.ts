/**
 * Branching steps: union, coalesce, optional, choose/option, local, repeat (times/emit/until),
 * sideEffect. Children run per traverser and their traversers continue (so paths include the
 * child's steps, as in TinkerPop's branch steps).
 */
import { isCallable } from '../../interpreter/values.js';
import { valuesEqual } from '../compare.js';
import { TraverserHost } from '../lambda.js';
import { allValues, callClosure, hasAny, isTraversal, MISSING, projection } from '../modulate.js';
import { Predicate } from '../predicates.js';
import { argumentError, BATCH, describe, flatMapStep, fresh, type Batches, type ChildTraversal, type Run, type StepBuilder, type StepFn } from '../runtime.js';
import { isEnum } from '../tokens.js';
import type { Traverser } from '../traverser.js';
import { traverserTest } from './filter.js';

function child(arg: unknown, step: string): ChildTraversal {
  if (!isTraversal(arg)) throw argumentError(`The ${step}() step requires traversals, but got ${describe(arg)}`);
  return arg;
}

const union: StepBuilder = (step, run) => {
  const children = step.args.map((a) => child(a, 'union'));
  return flatMapStep(run, async (t) => {
    const out: Traverser[] = [];
    for (const c of children) out.push(...(await allValues(run, c, t)));
    return out;
  });
};

const coalesce: StepBuilder = (step, run) => {
  const children = step.args.map((a) => child(a, 'coalesce'));
  return flatMapStep(run, async (t) => {
    for (const c of children) {
      const r = await allValues(run, c, t);
      if (r.length > 0) return r;
    }
    return [];
  });
};

const optional: StepBuilder = (step, run) => {
  const c = child(step.args[0], 'optional');
  return flatMapStep(run, async (t) => {
    const r = await allValues(run, c, t);
    return r.length > 0 ? r : [t];
  });
};

const local: StepBuilder = (step, run) => {
  const c = child(step.args[0], 'local');
  return flatMapStep(run, (t) => allValues(run, c, t));
};

/** Runs a branch option: a traversal, or a constant value. */
async function branch(run: Run, option: unknown, t: Traverser): Promise<Traverser[]> {
  if (isTraversal(option)) return allValues(run, option, t);
  return [t.split(option, run.tracked)];
}

/** branch(x).option(...): like choose(x), but a traverser no option takes is dropped. */
const branchStep: StepBuilder = (step, run) => choose({ ...step, options: step.options.some(([k]) => isEnum(k, 'Pick', 'none')) ? step.options : [...step.options, [NONE_DROPS, null]] }, run);
const NONE_DROPS = Symbol('drop when no option matches');

const inject: StepBuilder = (step, run): StepFn => async function* (input: Batches) {
  if (step.args.length > 0) yield step.args.map((v) => fresh(v, run));
  yield* input;
};

const choose: StepBuilder = (step, run) => {
  const [condition, whenTrue, whenFalse] = step.args;
  if (step.args.length >= 2) {
    const test = traverserTest(run, condition);
    return flatMapStep(run, async (t) => {
      if (await test(t)) return branch(run, whenTrue, t);
      return whenFalse === undefined ? [t] : branch(run, whenFalse, t);
    });
  }
  const pick = projection(run, condition);
  const options = step.options;
  return flatMapStep(run, async (t) => {
    const v = await pick(t);
    const chosen: unknown[] = [];
    let none: unknown;
    for (const [key, option] of options) {
      if (key === NONE_DROPS) {
        none = DROP;
        continue;
      }
      if (isEnum(key, 'Pick', 'none')) {
        none = option;
        continue;
      }
      if (isEnum(key, 'Pick', 'any')) chosen.push(option);
      else if (v !== MISSING && (key instanceof Predicate ? key.test(v) : isTraversal(key) ? await hasAny(run, key, t) : valuesEqual(v, key))) chosen.push(option);
    }
    if (chosen.length === 0) return none === undefined ? [t] : none === DROP ? [] : branch(run, none, t);
    const out: Traverser[] = [];
    for (const option of chosen) out.push(...(await branch(run, option, t)));
    return out;
  });
};

const sideEffect: StepBuilder = (step, run) => {
  const arg = step.args[0];
  if (isTraversal(arg)) {
    return flatMapStep(run, async (t) => {
      await allValues(run, arg, t);
      return [t];
    });
  }
  if (isCallable(arg)) {
    return flatMapStep(run, async (t) => {
      await callClosure(run, arg, [new TraverserHost(t, run)]);
      return [t];
    });
  }
  throw argumentError(`sideEffect() requires a traversal or a closure, but got ${describe(arg)}`);
};

/**
 * repeat(): breadth-first, one frontier per iteration, so that every iteration passes a cancel
 * checkpoint and emitted traversers flow downstream before the next iteration starts.
 */
const repeat: StepBuilder = (step, run): StepFn => {
  const body = child(step.args[step.args.length - 1], 'repeat');
  const loopName = typeof step.args[0] === 'string' && step.args.length > 1 ? step.args[0] : null;
  const times = step.times;
  const untilTest = step.until === undefined ? null : traverserTest(run, step.until);
  const emitTest = step.emit === undefined ? null : traverserTest(run, step.emit);
  const untilFirst = step.untilFirst === true;
  const emitFirst = step.emitFirst === true;
  const done = async (t: Traverser): Promise<boolean> =>
    (times !== undefined && t.loopCount >= times) || (untilTest !== null && (await untilTest(t)));
  const leave = (t: Traverser): Traverser => t.withLoops(t.loops.slice(0, -1));
  return async function* (input: Batches) {
    for await (const batch of input) {
      let frontier = batch.map((t) => t.withLoops([...t.loops, { name: loopName, n: 0 }]));
      while (frontier.length > 0) {
        run.ctx.control.checkpoint();
        const active: Traverser[] = [];
        const out: Traverser[] = [];
        for (const t of frontier) {
          if (untilFirst && (await done(t))) {
            out.push(leave(t));
            continue;
          }
          if (emitFirst && emitTest && (await emitTest(t))) out.push(leave(t));
          active.push(t);
        }
        if (out.length > 0) yield out;
        const next: Traverser[] = [];
        for (let i = 0; i < active.length; i += BATCH) {
          for await (const results of run.child(body, active.slice(i, i + BATCH))) {
            run.ctx.control.checkpoint();
            const emitted: Traverser[] = [];
            for (const r of results) {
              const loops = [...r.loops];
              const top = loops[loops.length - 1] ?? { name: loopName, n: 0 };
              loops[loops.length - 1] = { name: top.name, n: top.n + 1 };
              const looped = r.withLoops(loops);
              if (!untilFirst && (await done(looped))) {
                emitted.push(leave(looped));
                continue;
              }
              if (!emitFirst && emitTest && (await emitTest(looped))) emitted.push(leave(looped));
              next.push(looped);
            }
            if (emitted.length > 0) yield emitted;
          }
        }
        frontier = next;
      }
    }
  };
};

const DROP = Symbol('drop');

export const BRANCH_STEPS: Record<string, StepBuilder> = {
  branch: branchStep, inject,
  union, coalesce, optional, local, choose, sideEffect, repeat,
};
