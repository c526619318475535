/**
 * `report --csv`: the rows behind a report as CSV (docs/semantics.md §10), one row per incident, from
 * which a spreadsheet reproduces the report's figures: opened, resolved, breaches, MTTA and MTTR (wall
 * clock and business time), and each service's availability. Instants are ISO 8601 in UTC, durations
 * are seconds (decimals only where a millisecond or a weight asks for them), absent values are empty.
 */
import { DateTime } from 'luxon';
import { formatIncidentRef } from '../../domain/incident-id.ts';
import { csvText } from '../../format/csv.ts';
import type { ReportRow, ReportRowClock } from '../../model/report-rows.ts';
import type { Report } from '../../model/report.ts';

type Column = { name: string; value: (row: ReportRow) => string };

/** `ms` as seconds with at most `decimals` decimals, trailing zeros dropped: 1500 → `1.5`. */
function seconds(ms: number, decimals = 3): string {
  return (ms / 1000).toFixed(decimals).replace(/\.?0+$/, '');
}

const opt = <T>(v: T | null, f: (v: T) => string): string => (v === null ? '' : f(v));
/** An instant in UTC, to the second unless it carries milliseconds: `2026-11-23T09:00:00Z`. */
const instant = (d: Date | null): string => opt(d, (x) => x.toISOString().replace('.000Z', 'Z'));
const since = (row: ReportRow, d: Date | null): string => opt(d, (x) => seconds(x.getTime() - row.incident.openedAt.getTime()));
const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
const clockColumns = (kind: 'ack' | 'resolve', of: (row: ReportRow) => ReportRowClock | null): Column[] => [
  { name: `${kind}_business_seconds`, value: (r) => opt(of(r), (c) => seconds(c.elapsedMs)) },
  { name: `${kind}_target_seconds`, value: (r) => opt(of(r), (c) => seconds(c.targetMs)) },
  { name: `${kind}_state`, value: (r) => of(r)?.state ?? 'none' },
];

/** The columns, in order; docs/semantics.md §10 says what each holds. */
export const REPORT_CSV_COLUMNS: readonly Column[] = [
  { name: 'service', value: (r) => r.incident.serviceKey },
  { name: 'incident', value: (r) => formatIncidentRef(r.incident.number) },
  { name: 'in_period', value: (r) => yesNo(r.inPeriod) },
  { name: 'priority', value: (r) => r.incident.priority },
  { name: 'title', value: (r) => r.incident.title },
  { name: 'status', value: (r) => r.incident.status },
  { name: 'impact', value: (r) => r.incident.impact },
  { name: 'impact_start', value: (r) => instant(r.incident.impactStart) },
  { name: 'opened', value: (r) => instant(r.incident.openedAt) },
  { name: 'acknowledged', value: (r) => instant(r.acknowledgedAt) },
  { name: 'resolved', value: (r) => instant(r.resolvedAt) },
  { name: 'seconds_to_ack', value: (r) => since(r, r.acknowledgedAt) },
  { name: 'seconds_to_resolve', value: (r) => since(r, r.resolvedAt) },
  ...clockColumns('ack', (r) => r.ack),
  ...clockColumns('resolve', (r) => r.resolve),
  { name: 'breached', value: (r) => yesNo(r.breached) },
  // Weighted, so a degraded weight such as 0.3 can give fractions of a millisecond: to the microsecond.
  { name: 'downtime_counted_seconds', value: (r) => opt(r.downtimeMs, (ms) => seconds(ms, 6)) },
  { name: 'service_measured_seconds', value: (r) => opt(r.measuredMs, (ms) => seconds(ms)) },
];

/** The CSV text of `rows`: a header and one record per row, CRLF line ends. */
export function reportCsv(rows: readonly ReportRow[]): string {
  return csvText(
    REPORT_CSV_COLUMNS.map((c) => c.name),
    rows.map((r) => REPORT_CSV_COLUMNS.map((c) => c.value(r))),
  );
}

/**
 * The file's name: `pacta-report-<service or all>-<period>.csv`, the period as the reader's calendar
 * names it (`2026-12`, `2026-Q4`) or, for a rolling one, its length and today's date (`30d-2026-12-03`).
 */
export function reportCsvName(scope: string | null, report: Report, now: Date, timezone: string): string {
  const start = DateTime.fromJSDate(report.from, { zone: timezone });
  const unit = report.calendar?.unit;
  const period =
    unit === 'month'
      ? start.toFormat('yyyy-MM')
      : unit === 'quarter'
        ? `${start.year}-Q${start.quarter}`
        : `${report.period}-${DateTime.fromJSDate(now, { zone: timezone }).toFormat('yyyy-MM-dd')}`;
  return `pacta-report-${scope ?? 'all'}-${period}.csv`;
}
