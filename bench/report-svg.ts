// The chart: per scenario, horizontal bars for restgres, PostgREST and the pgbench ceiling
// (median req/s or tps, with a min–max whisker). The axis is logarithmic because a bulk insert
// and a primary-key read differ by two orders of magnitude; the bars carry their exact values.
import { fmtInt } from './format.ts';
import type { Summary } from './stats.ts';
import type { ScenarioSummary } from './summary.ts';

const COLORS = { restgres: '#2166ac', postgrest: '#d6604d', ceiling: '#8c8c8c' } as const;
const LABEL_W = 290;
const PLOT_W = 520;
const RIGHT_PAD = 170;
const BAR_H = 15;
const BAR_GAP = 3;
const GROUP_GAP = 16;
const TOP = 78;

function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function tickLabel(v: number): string {
  return v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v);
}

export function svgChart(sums: ReadonlyArray<ScenarioSummary>, subtitle: string): string {
  const values = sums.flatMap((x) => [x.restgres.rps, x.postgrest.rps, x.ceiling.tps].flatMap((s) => [s.min, s.max]));
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...finite, 100)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...finite, 1000)));
  const x = (v: number) => LABEL_W + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * PLOT_W;
  const groupH = 3 * BAR_H + 2 * BAR_GAP + GROUP_GAP;
  const height = TOP + sums.length * groupH + 52;
  const width = LABEL_W + PLOT_W + RIGHT_PAD;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<title>restgres vs PostgREST 12.0.2 vs the pgbench ceiling: requests per second by scenario</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">Requests per second by scenario (median; whiskers: min–max; log scale)</text>`,
    `<text x="12" y="40" fill="#555">${esc(subtitle)}</text>`,
  ];
  const legend: Array<[string, string]> = [
    ['restgres', COLORS.restgres],
    ['PostgREST 12.0.2', COLORS.postgrest],
    ['ceiling: pgbench, restgres SQL (tps)', COLORS.ceiling],
  ];
  let lx = 12;
  for (const [name, color] of legend) {
    out.push(`<rect x="${lx}" y="50" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${lx + 17}" y="60">${esc(name)}</text>`);
    lx += 30 + name.length * 6.4;
  }
  const bottom = TOP + sums.length * groupH - GROUP_GAP + 6;
  for (let v = lo; v <= hi; v *= 10) {
    const gx = x(v).toFixed(1);
    out.push(`<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${bottom}" stroke="#ddd"/>`);
    out.push(`<text x="${gx}" y="${bottom + 16}" text-anchor="middle" fill="#555">${tickLabel(v)}</text>`);
  }
  out.push(
    `<text x="${LABEL_W + PLOT_W / 2}" y="${bottom + 32}" text-anchor="middle" fill="#555">requests per second (pgbench: transactions per second)</text>`,
  );
  sums.forEach((s, i) => {
    const gy = TOP + i * groupH;
    out.push(
      `<text x="${LABEL_W - 10}" y="${gy + 1.5 * BAR_H + BAR_GAP + 4}" text-anchor="end">${esc(s.result.title)}</text>`,
    );
    const ratio = Number.isFinite(s.ratio) ? ` · ${s.ratio.toFixed(2)}× PostgREST` : '';
    const bars: Array<[Summary, boolean, string, string, string]> = [
      [s.restgres.rps, s.restgres.available, COLORS.restgres, 'restgres: not available', ratio],
      [s.postgrest.rps, s.postgrest.available, COLORS.postgrest, 'PostgREST: failed', ''],
      [s.ceiling.tps, s.ceiling.available, COLORS.ceiling, 'ceiling: n/a', ' tps'],
    ];
    bars.forEach(([sum, available, color, missing, suffix], j) => {
      const y = gy + j * (BAR_H + BAR_GAP);
      if (!available || !Number.isFinite(sum.median) || sum.median <= 0) {
        out.push(`<rect x="${LABEL_W}" y="${y}" width="4" height="${BAR_H}" fill="#eee"/>`);
        out.push(
          `<text x="${LABEL_W + 8}" y="${y + BAR_H - 3}" fill="#888" font-style="italic">${esc(missing)}</text>`,
        );
        return;
      }
      const w = Math.max(1, x(sum.median) - LABEL_W);
      out.push(`<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${color}"/>`);
      if (sum.values.length > 1) {
        const cy = (y + BAR_H / 2).toFixed(1);
        out.push(
          `<line x1="${x(sum.min).toFixed(1)}" y1="${cy}" x2="${x(sum.max).toFixed(1)}" y2="${cy}" stroke="#222" stroke-width="1"/>`,
        );
      }
      const labelX = Math.max(x(sum.median), Number.isFinite(sum.max) ? x(sum.max) : 0) + 5;
      out.push(
        `<text x="${labelX.toFixed(1)}" y="${y + BAR_H - 3}" fill="#222">${esc(`${fmtInt(sum.median)}${suffix}`)}</text>`,
      );
    });
  });
  out.push('</svg>', '');
  return out.join('\n');
}
