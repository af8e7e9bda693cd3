// Time series on a <canvas>: bars or lines over the last N seconds, with a y axis that rounds to
// readable steps and minute marks on the x axis.

const PAD = { left: 44, right: 12, top: 10, bottom: 22 };

function cssVar(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** 1, 2 or 5 times a power of ten: the step of four gridlines that cover `max`. */
function niceStep(max) {
  const rough = Math.max(max, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return Math.max(1, step);
}

/** Sizes the drawing buffer to the element's box at the screen's pixel density. */
function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

/**
 * `series`: `[{ values, color, kind: 'bar' | 'line' }]`, each value per second, oldest first,
 * null where nothing is known.
 */
export function drawChart(canvas, series) {
  const { ctx, width, height } = prepare(canvas);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  if (plotW <= 0 || plotH <= 0) return;
  const count = Math.max(...series.map((s) => s.values.length));
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null)));
  const step = niceStep(max);
  const top = step * Math.max(1, Math.ceil(max / step));
  const x = (i) => PAD.left + (i / Math.max(1, count)) * plotW;
  const y = (v) => PAD.top + plotH - (v / top) * plotH;

  const muted = cssVar('--muted', '#667');
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.strokeStyle = cssVar('--chart-grid', '#e5e5e5');
  ctx.fillStyle = muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let v = 0; v <= top; v += step) {
    const gy = Math.round(y(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(PAD.left, gy);
    ctx.lineTo(PAD.left + plotW, gy);
    ctx.stroke();
    ctx.fillText(v.toLocaleString('en-US'), PAD.left - 6, gy);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const minutes = Math.floor(count / 60);
  const every = minutes > 6 ? 2 : 1;
  for (let m = 0; m <= minutes; m += every) {
    const gx = x(count - m * 60);
    ctx.fillText(m === 0 ? 'now' : `−${m} min`, Math.min(Math.max(gx, PAD.left + 14), PAD.left + plotW - 14), PAD.top + plotH + 6);
  }

  for (const { values, color, kind } of series) {
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    if (kind === 'bar') {
      const barW = Math.max(1, plotW / count - (count > 120 ? 0 : 1));
      values.forEach((v, i) => {
        if (v) ctx.fillRect(x(i), y(v), barW, PAD.top + plotH - y(v));
      });
      continue;
    }
    ctx.lineWidth = 2;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let drawing = false;
    values.forEach((v, i) => {
      if (v === null) {
        drawing = false;
        return;
      }
      const px = x(i + 0.5);
      if (drawing) ctx.lineTo(px, y(v));
      else ctx.moveTo(px, y(v));
      drawing = true;
    });
    ctx.stroke();
  }
}

export const chartColor = (n) => cssVar(`--chart-${n}`, n === 1 ? '#2f5bd3' : '#d9822b');
