/** Methods of strings (java.lang.String's and Groovy's additions). */
import { allocating, stringBytes } from '../allocation.js';
import { ScriptError } from '../host.js';
import { compareValues, notAllowed, toGroovyString } from '../values.js';
import { minus, multiply } from './arithmetic.js';
import { formatString } from './format.js';
import { indexString } from './indexing.js';
import { listMethod } from './lists.js';
import { parseDoubleStrict, parseIntStrict } from './numbers.js';
import { type BuiltinContext, NO_METHOD, toInt } from './shared.js';

// regex-ish helpers (patterns without groups run as JS regexes; others are taken literally)

function literalFromPattern(p: string): string | null {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined || /[a-zA-Z0-9]/.test(n)) return null;
      out += n;
      i++;
    } else if ('.[]{}()*+?^$|'.includes(c)) {
      return null;
    } else {
      out += c;
    }
  }
  return out;
}

function patternRegex(p: string, flags: string): RegExp | null {
  if (p.includes('(') || p.length > 200) return null;
  try {
    return new RegExp(p, flags);
  } catch {
    throw new ScriptError('java.util.regex.PatternSyntaxException', `Invalid regular expression: ${p}`);
  }
}

function splitString(s: string, sep: string): string[] {
  let parts: string[];
  const lit = literalFromPattern(sep);
  if (lit !== null) {
    parts = lit === '' ? Array.from(s) : s.split(lit);
  } else {
    const re = patternRegex(sep, 'g');
    parts = re === null ? s.split(sep) : s.split(re);
  }
  if (s === '') return [''];
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function replaceAllPattern(s: string, pattern: string, repl: string): string {
  const lit = literalFromPattern(pattern);
  if (lit !== null) return s.split(lit).join(repl);
  const re = patternRegex(pattern, 'g');
  if (re === null) return s.split(pattern).join(repl);
  return s.replace(re, repl.replace(/\\\$/g, '$$$$'));
}

export function stringMethod(ctx: BuiltinContext, s: string, name: string, args: unknown[]): unknown {
  const n = args.length;
  const a0 = args[0];
  const a1 = args[1];
  switch (name) {
    case 'size':
    case 'length':
      if (n === 0) return s.length;
      break;
    case 'toUpperCase': if (n === 0) return s.toUpperCase(); break;
    case 'toLowerCase': if (n === 0) return s.toLowerCase(); break;
    case 'trim': if (n === 0) return s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, ''); break;
    case 'strip': if (n === 0) return s.trim(); break;
    case 'isEmpty': if (n === 0) return s.length === 0; break;
    case 'isBlank': if (n === 0) return s.trim().length === 0; break;
    case 'contains': if (n === 1 && typeof a0 === 'string') return s.includes(a0); break;
    case 'startsWith': if (n === 1 && typeof a0 === 'string') return s.startsWith(a0); break;
    case 'endsWith': if (n === 1 && typeof a0 === 'string') return s.endsWith(a0); break;
    case 'indexOf':
      if (n >= 1 && n <= 2 && typeof a0 === 'string') return s.indexOf(a0, n === 2 ? toInt(a1) ?? 0 : 0);
      break;
    case 'lastIndexOf': if (n === 1 && typeof a0 === 'string') return s.lastIndexOf(a0); break;
    case 'substring': {
      const b = toInt(a0);
      const e = n === 2 ? toInt(a1) : s.length;
      if ((n === 1 || n === 2) && b !== null && e !== null) {
        if (b < 0 || e > s.length || b > e) {
          throw new ScriptError('java.lang.StringIndexOutOfBoundsException', `begin ${b}, end ${e}, length ${s.length}`);
        }
        return s.substring(b, e);
      }
      break;
    }
    case 'charAt': {
      const i = toInt(a0);
      if (n === 1 && i !== null) {
        if (i < 0 || i >= s.length) throw new ScriptError('java.lang.StringIndexOutOfBoundsException', `index ${i}, length ${s.length}`);
        return s[i]!;
      }
      break;
    }
    case 'getAt': if (n === 1) return indexString(s, a0); break;
    case 'split':
      if (n === 0) return s.trim().split(/\s+/).filter((x) => x !== '');
      if (n === 1 && typeof a0 === 'string') return splitString(s, a0);
      break;
    case 'tokenize': {
      if (n === 0) return s.split(/\s+/).filter((x) => x !== '');
      if (n === 1 && typeof a0 === 'string') {
        const out: string[] = [];
        let cur = '';
        for (const c of s) {
          if (a0.includes(c)) {
            if (cur !== '') out.push(cur);
            cur = '';
          } else cur += c;
        }
        if (cur !== '') out.push(cur);
        return out;
      }
      break;
    }
    case 'replace':
      if (n === 2) return s.split(toGroovyString(a0)).join(toGroovyString(a1));
      break;
    case 'replaceAll':
      if (n === 2 && typeof a0 === 'string') return replaceAllPattern(s, a0, toGroovyString(a1));
      break;
    case 'replaceFirst': {
      if (n === 2 && typeof a0 === 'string') {
        const lit = literalFromPattern(a0) ?? a0;
        const i = s.indexOf(lit);
        return i < 0 ? s : s.slice(0, i) + toGroovyString(a1) + s.slice(i + lit.length);
      }
      break;
    }
    case 'matches': {
      if (n === 1 && typeof a0 === 'string') {
        const lit = literalFromPattern(a0);
        if (lit !== null) return s === lit;
        if (patternRegex(a0, '') === null) return s === a0;
        return new RegExp(`^(?:${a0})$`).test(s);
      }
      break;
    }
    case 'equals': if (n === 1) return s === a0; break;
    case 'equalsIgnoreCase': if (n === 1) return typeof a0 === 'string' && s.toLowerCase() === a0.toLowerCase(); break;
    case 'compareToIgnoreCase':
      if (n === 1 && typeof a0 === 'string') return compareValues(s.toLowerCase(), a0.toLowerCase());
      break;
    case 'toInteger': case 'toLong': case 'toBigInteger':
      if (n === 0) return parseIntStrict(s.trim());
      break;
    case 'toDouble': case 'toFloat': case 'toBigDecimal':
      if (n === 0) return parseDoubleStrict(s);
      break;
    case 'isNumber': case 'isDouble': case 'isBigDecimal': case 'isFloat':
      if (n === 0) return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());
      break;
    case 'isInteger': case 'isLong': case 'isBigInteger':
      if (n === 0) return /^[+-]?\d+$/.test(s.trim());
      break;
    case 'toBoolean':
      if (n === 0) return ['true', 'y', '1'].includes(s.trim().toLowerCase());
      break;
    case 'format': return formatString(s, args);
    case 'reverse': if (n === 0) return Array.from(s).reverse().join(''); break;
    case 'multiply': if (n === 1) return multiply(s, a0); break;
    case 'repeat': if (n === 1) return multiply(s, a0); break;
    case 'plus': case 'concat': if (n === 1) return s + toGroovyString(a0); break;
    case 'minus': if (n === 1) return minus(s, a0); break;
    case 'toCharArray': case 'chars': case 'toList':
      if (n === 0) return Array.from(s);
      break;
    case 'toSet': if (n === 0) return new Set(Array.from(s)); break;
    case 'readLines': if (n === 0) return s === '' ? [] : s.replace(/\r?\n$/, '').split(/\r?\n/); break;
    case 'padLeft': case 'padRight': case 'center': {
      const w = toInt(a0);
      const pad = n === 2 ? toGroovyString(a1) : ' ';
      if ((n === 1 || n === 2) && w !== null && pad !== '') {
        allocating(stringBytes(w));
        if (name === 'padLeft') return s.padStart(w, pad);
        if (name === 'padRight') return s.padEnd(w, pad);
        const total = Math.max(0, w - s.length);
        const left = Math.floor(total / 2);
        return ''.padEnd(left, pad) + s + ''.padEnd(total - left, pad);
      }
      break;
    }
    case 'capitalize': if (n === 0) return s.charAt(0).toUpperCase() + s.slice(1); break;
    case 'uncapitalize': if (n === 0) return s.charAt(0).toLowerCase() + s.slice(1); break;
    case 'count': if (n === 1 && typeof a0 === 'string' && a0 !== '') return s.split(a0).length - 1; break;
    case 'take': { const k = toInt(a0); if (n === 1 && k !== null) return s.slice(0, Math.max(0, k)); break; }
    case 'drop': { const k = toInt(a0); if (n === 1 && k !== null) return s.slice(Math.max(0, k)); break; }
    case 'each': case 'eachWithIndex': case 'collect': case 'findAll': case 'find': case 'any': case 'every':
      return listMethod(ctx, Array.from(s), name, args);
    case 'execute': throw notAllowed('String.execute()');
    case 'intern': if (n === 0) return s; break;
    default: break;
  }
  return NO_METHOD;
}
