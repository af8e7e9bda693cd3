/** Script-level functions (`println x`, `sleep 100`), and those refused. */
import { notAllowed, toGroovyString } from '../values.js';
import { sleepFn } from './classes.js';
import { formatString } from './format.js';
import { type BuiltinContext, NO_METHOD } from './shared.js';

/** Script-level functions (`println x`, `sleep 100`). NO_METHOD when `name` is not one. */
export function scriptFunction(ctx: BuiltinContext, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name) {
    case 'println':
      if (n <= 1) {
        ctx.control.print(n === 0 ? '' : toGroovyString(args[0]));
        return null;
      }
      break;
    case 'print':
      if (n === 1) {
        ctx.control.print(toGroovyString(args[0]));
        return null;
      }
      break;
    case 'printf':
      if (n >= 1) {
        ctx.control.print(formatString(toGroovyString(args[0]), args.slice(1)));
        return null;
      }
      break;
    case 'sprintf':
      if (n >= 1) return formatString(toGroovyString(args[0]), args.slice(1));
      break;
    case 'sleep':
      if (n === 1 || n === 2) return sleepFn(ctx, args, 'Script1');
      break;
    case 'evaluate': throw notAllowed('evaluate()');
    case 'getClass': throw notAllowed('getClass()');
    case 'getMetaClass': case 'setMetaClass': throw notAllowed(`${name}()`);
    case 'invokeMethod': throw notAllowed('invokeMethod()');
    default: break;
  }
  return NO_METHOD;
}
