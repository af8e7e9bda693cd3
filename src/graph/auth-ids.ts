import type { AuthKind } from '../store/types.js';
import type { Permission } from './roles.js';

/**
 * HugeGraph's ids of auth elements, which clients see and send back. Users, groups, targets and
 * projects are vertices keyed by name, `<label id>:<name>`; belongs and accesses are edges,
 * `S<from>><label>><label>><sort key>>S<to>` (1.5's form, with the sub-label part).
 */
const LABEL_IDS: Record<AuthKind, number> = { user: -30, group: -36, target: -44, belong: -49, access: -55, project: -65 };

/** An access's sort key: its permission's code as HugeGraph writes it into the edge id. */
const PERMISSION_CODES: Record<Permission, string> = { NONE: '10', READ: '11', WRITE: '12', DELETE: '14', EXECUTE: '18', ANY: '21~' };

/** A `:`, `!` or backtick inside a name is escaped with a backtick. */
function escapeName(name: string): string {
  return name.replace(/[:!`]/g, (c) => `\`${c}`);
}

/** A `>` or backtick inside a part of an edge id is escaped with a backtick. */
function escapeEdgePart(part: string): string {
  return part.replace(/[>`]/g, (c) => `\`${c}`);
}

export function entityId(kind: 'user' | 'group' | 'target' | 'project', name: string): string {
  return `${LABEL_IDS[kind]}:${escapeName(name)}`;
}

export function belongId(userId: string, groupId: string): string {
  const label = LABEL_IDS.belong;
  return `S${escapeEdgePart(userId)}>${label}>${label}>>S${escapeEdgePart(groupId)}`;
}

export function accessId(groupId: string, targetId: string, permission: Permission): string {
  const label = LABEL_IDS.access;
  return `S${escapeEdgePart(groupId)}>${label}>${label}>${PERMISSION_CODES[permission]}>S${escapeEdgePart(targetId)}`;
}

/** `yyyy-MM-dd HH:mm:ss.SSS` in the server's time zone, as HugeGraph writes auth dates. */
export function authDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
