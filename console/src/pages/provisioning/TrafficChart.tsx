/**
 * SCIM requests and errors per hour over the last 7 days, drawn by uPlot (a
 * canvas: nothing inline that the console's CSP would refuse). The canvas is
 * hidden from assistive technology; the figure's caption sums it up and the
 * table under it lists every hour that had traffic, which is the same data in
 * words.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ProvisioningHealth } from '../../api/types.js';
import { Table } from '../../components/Table.js';
import { formatDateTime } from '../../format.js';

type Hour = ProvisioningHealth['scim']['hours'][number];

const HEIGHT = 180;
/** The console's primary and danger colours (styles.css), which a canvas cannot read from CSS variables. */
const REQUESTS_COLOUR = '#1d4ed8';
const ERRORS_COLOUR = '#b91c1c';
const bars = uPlot.paths.bars!({ size: [0.9, 12, 1] });

export function TrafficChart({ hours }: { hours: readonly Hour[] }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const data: uPlot.AlignedData = [hours.map((h) => Date.parse(h.hour) / 1000), hours.map((h) => h.requests), hours.map((h) => h.errors)];
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 320),
        height: HEIGHT,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(max, 1)] } },
        axes: [{}, { size: 48 }],
        // Bars, one per hour: counts of separate hours, not a continuous quantity. Errors are among the
        // requests, so the error bar drawn over its hour's request bar never hides it.
        series: [
          {},
          { label: 'Requests', stroke: REQUESTS_COLOUR, fill: REQUESTS_COLOUR, paths: bars, points: { show: false } },
          { label: 'Errors', stroke: ERRORS_COLOUR, fill: ERRORS_COLOUR, paths: bars, points: { show: false } },
        ],
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 320), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [hours]);

  const busy = hours.filter((h) => h.requests > 0 || h.errors > 0);
  const requests = hours.reduce((n, h) => n + h.requests, 0);
  const errors = hours.reduce((n, h) => n + h.errors, 0);
  return (
    <figure className="traffic-chart">
      <figcaption>
        SCIM requests and errors per hour, last 7 days: {requests} {requests === 1 ? 'request' : 'requests'}, {errors} {errors === 1 ? 'error' : 'errors'}.
      </figcaption>
      <div ref={container} className="traffic-chart-canvas" aria-hidden="true" />
      <details className="traffic-chart-figures">
        <summary>Figures by hour</summary>
        <Table<Hour>
          caption="SCIM requests and errors by hour, hours with traffic only"
          columns={[
            { header: 'Hour starting', cell: (h) => formatDateTime(h.hour) },
            { header: 'Requests', cell: (h) => h.requests, className: 'numeric' },
            { header: 'Errors', cell: (h) => h.errors, className: 'numeric' },
          ]}
          rows={busy}
          rowKey={(h) => h.hour}
          empty="No SCIM requests in the last 7 days."
        />
      </details>
    </figure>
  );
}
