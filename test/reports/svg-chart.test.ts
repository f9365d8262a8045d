import { DOMParser } from '@xmldom/xmldom';
import { barChartSvg, decimate, escapeXml, niceTicks, timeChartSvg, timeTicks } from '../../lib/reports/svg-chart';
import { formatCompact, formatSeconds } from '../../lib/reports/format';
import { ReportBundle } from '../../lib/reports/report-files';

const parse = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');
const DAY = 86400;
const T0 = Date.UTC(2025, 2, 3) / 1000;

describe('the SVG chart renderer', () => {
  const hostile = 'Forecast of sum(x{a="<b>"}) & "quotes" \'single\' ]]> \u0007';
  const chart = () =>
    timeChartSvg({
      title: hostile,
      lines: [{ name: 'line <1>', points: [[T0, 0], [T0 + DAY, 50], [T0 + 2 * DAY, 100]] }],
      bands: [{ name: 'band & co', points: [[T0, 0, 10], [T0 + 2 * DAY, 90, 110]] }],
      references: [{ name: 'capacity', value: 100 }],
      markers: [{ label: 'now "x"', x: T0 + DAY }],
    });

  test('writes well-formed XML with every label escaped', () => {
    const svg = chart();
    const doc = parse(svg);
    expect(doc.documentElement?.nodeName).toBe('svg');
    expect(doc.getElementsByTagName('title')[0].textContent).toBe(hostile.replace('\u0007', ''));
    // No raw markup from the labels: every & starts an entity.
    expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    expect(svg).not.toContain('<b>');
  });

  test('maps values to coordinates: the y axis from the bottom up, x from left to right', () => {
    const svg = chart();
    const path = /<path d="M([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+)"/.exec(svg)!;
    const [x0, y0, x1, y1, x2, y2] = path.slice(1).map(Number);
    expect(x0).toBeLessThan(x1);
    expect(x1 - x0).toBeCloseTo(x2 - x1, 0);
    expect(y0).toBeGreaterThan(y1);
    expect(y0 - y1).toBeCloseTo(y1 - y2, 0);
    // The capacity reference line is level with the line's last point (both at 100).
    const capacity = /<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="\1" stroke="#D55E00"/.exec(svg)!;
    expect(Number(capacity[1])).toBeCloseTo(y2, 1);
  });

  test('gives the same bytes for the same input', () => {
    expect(chart()).toBe(chart());
  });

  test('draws stacked bars whose heights add up', () => {
    const svg = barChartSvg({ title: 'Pages', categories: ['W1', 'W2'], stacks: [{ name: 'a', values: [1, 2] }, { name: 'b', values: [3, 0] }], integers: true });
    expect(parse(svg).documentElement?.nodeName).toBe('svg');
    const heights = [...svg.matchAll(/height="([\d.]+)" fill="[^"]+"><title>/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(3);
    expect(heights[0] * 3).toBeCloseTo(heights[1], 0);
    expect(heights[0] * 2).toBeCloseTo(heights[2], 0);
  });

  test('picks nice ticks, whole numbers for counts, and calendar time ticks', () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.1, 0.83)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1, 5, true)).toEqual([0, 1]);
    expect(timeTicks(T0, T0 + 180 * DAY).map((t) => t.label)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08']);
    expect(timeTicks(T0, T0 + 20 * DAY).map((t) => t.label)).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
  });

  test('keeps the peaks when it thins a long line', () => {
    const points = Array.from({ length: 10000 }, (_, i) => [i, i === 5000 ? 1000 : Math.sin(i)] as const);
    const thin = decimate(points, (x) => x / 100);
    expect(thin.length).toBeLessThan(500);
    expect(thin.some(([, y]) => y === 1000)).toBe(true);
  });

  test('escapes XML', () => {
    expect(escapeXml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });
});

describe('report formatting and files', () => {
  test('formats numbers and durations compactly', () => {
    expect([formatCompact(1234.6), formatCompact(45e12), formatCompact(0.25), formatCompact(999.96)]).toEqual(['1.235k', '45T', '0.25', '1000']);
    expect([formatSeconds(300), formatSeconds(90061), formatSeconds(0)]).toEqual(['5 minutes', '1 day 1 hour', '0 seconds']);
  });

  test('names chart files after the report, safe in a Markdown link whatever --out is called', () => {
    const bundle = new ReportBundle('/tmp/out/My (odd) report.md', false);
    const md = bundle.chart('forecast-1', 'alt [text]', '<svg/>');
    expect(md).toBe('![alt \\[text\\]](My-odd-report.forecast-1.svg)');
    expect(bundle.files('# x\n').map((f) => f.path)).toEqual(['/tmp/out/My-odd-report.forecast-1.svg', '/tmp/out/My (odd) report.md']);
  });
});
