// How tasks read on screen: statuses, times and durations.

export const STATUSES = ['new', 'scheduling', 'scheduled', 'queued', 'restoring', 'running', 'cancelling', 'success', 'failed', 'cancelled', 'hanging'];
export const WAITING = new Set(['new', 'scheduling', 'scheduled', 'queued', 'restoring']);
export const RUNNING = new Set(['running', 'cancelling']);
export const COMPLETED = new Set(['success', 'failed', 'cancelled']);

export const isCompleted = (status) => COMPLETED.has(status);
/** Cancelling asks the server to stop the task: pointless once it is stopping or stopped. */
export const canCancel = (status) => !COMPLETED.has(status) && status !== 'cancelling';

const pad = (n) => String(n).padStart(2, '0');

/** Today's times as `14:03:27`, older ones with their date. */
export function formatTime(ms) {
  if (typeof ms !== 'number') return '—';
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return time;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

export const isoTime = (ms) => (typeof ms === 'number' ? new Date(ms).toISOString() : '');

export function formatDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

export function formatCount(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '—';
}
