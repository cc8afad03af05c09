// A horizontal bar chart drawn on the server with @visx (ADR 040): a fixed viewBox, so the page
// does not shift when it loads, and no measuring in the browser. It is a picture (role="img")
// with a label; the table next to it is the accessible version of the same figures.
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";

export interface ChartSeries {
  label: string;
  /** A Tailwind-independent colour with enough contrast on white. */
  color: string;
}

export interface ChartRow {
  label: string;
  values: number[];
}

const WIDTH = 360;
const LABEL_WIDTH = 120;
const BAR_HEIGHT = 14;
const GAP = 10;
const TOP = 28;

export function BarChart({
  label,
  series,
  rows,
  max,
}: {
  label: string;
  series: ChartSeries[];
  rows: ChartRow[];
  /** The scale's end; the largest value when left out. */
  max?: number;
}) {
  const groupHeight = series.length * BAR_HEIGHT + GAP;
  const height = TOP + Math.max(1, rows.length) * groupHeight + 8;
  const top = Math.max(1, max ?? Math.max(0, ...rows.flatMap((r) => r.values)));
  const x = scaleLinear<number>({ domain: [0, top], range: [0, WIDTH - LABEL_WIDTH - 40] });
  const y = scaleBand<string>({
    domain: rows.map((_, i) => String(i)),
    range: [TOP, height - 8],
    paddingInner: 0,
  });
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={label}
      className="mt-3 block max-w-xl"
      style={{ aspectRatio: `${WIDTH} / ${height}` }}
    >
      <Group top={4} left={0}>
        {series.map((s, i) => (
          <Group key={s.label} left={i * 120}>
            <rect width={10} height={10} y={2} fill={s.color} />
            <text x={14} y={11} fontSize={11} fill="#334155">
              {s.label}
            </text>
          </Group>
        ))}
      </Group>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed for one render and labels may repeat
        <Group key={`${row.label}-${i}`} top={y(String(i)) ?? 0}>
          <text
            x={LABEL_WIDTH - 6}
            y={(series.length * BAR_HEIGHT) / 2 + 4}
            fontSize={11}
            textAnchor="end"
            fill="#0f172a"
          >
            {row.label.length > 18 ? `${row.label.slice(0, 17)}…` : row.label}
          </text>
          {row.values.map((v, j) => (
            <Group key={series[j]?.label ?? j} top={j * BAR_HEIGHT}>
              <Bar x={LABEL_WIDTH} y={1} width={Math.max(0, x(v))} height={BAR_HEIGHT - 2} fill={series[j]?.color} />
              <text x={LABEL_WIDTH + Math.max(0, x(v)) + 4} y={BAR_HEIGHT - 3} fontSize={10} fill="#334155">
                {Number.isInteger(v) ? v : v.toFixed(1)}
              </text>
            </Group>
          ))}
        </Group>
      ))}
    </svg>
  );
}
