import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Lock files this process holds. */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A data folder claimed for this process. */
export interface DataLock {
  release(): void;
  /** The folder's last server died without releasing it (a crash, a kill). */
  tookOverFromDeadServer: boolean;
}

/**
 * Claims a data folder for this process. The scheduler hands each waiting task to one executor
 * on the strength of being the folder's only server, so a second server on it is refused. A lock
 * left by a process that died (kill -9) is taken over.
 */
export function lockDataDir(dir: string): DataLock {
  const path = join(dir, 'loomgraph.pid');
  const mine = String(process.pid);
  if (heldHere.has(path)) throw new Error(`The data folder ${dir} is in use by loomgraph process ${mine}`);
  let tookOverFromDeadServer = false;
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, mine);
    closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number(readFileSync(path, 'utf8').trim());
    // Our own pid in the file is a leftover of an earlier process that had the same pid.
    if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
      throw new Error(`The data folder ${dir} is in use by loomgraph process ${owner}`);
    }
    writeFileSync(path, mine);
    tookOverFromDeadServer = true;
  }
  heldHere.add(path);
  const release = () => {
    heldHere.delete(path);
    try {
      if (readFileSync(path, 'utf8').trim() === mine) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  return { release, tookOverFromDeadServer };
}
