/**
 * The demo estate: what `pacta console --demo` seeds. Hand-written rather than random so every figure it
 * produces is plausible and explainable — one service over its error budget, one at risk, the rest
 * healthy, a few SLA breaches for `report` to find, and two incidents still open.
 */
import type { Impact, Priority } from '../../src/domain/incident.ts';

export type DemoService = {
  key: string;
  name: string;
  availability: number;
  window: string;
  calendar: string | null;
  /** Targets per priority in minutes: [ack, resolve]. */
  policies: Partial<Record<Priority, [number, number]>>;
};

/** One incident's story. Minutes count from when it opened. */
export type DemoIncident = {
  service: string;
  priority: Priority;
  impact: Impact;
  title: string;
  /** When it opened: days ago at a Berlin wall-clock time, or minutes ago (the open ones). */
  opened: { daysAgo: number; at: string } | { minutesAgo: number };
  /** The impact began this many minutes before anyone opened the incident (monitoring lag). */
  impactEarlier?: number;
  ack?: number;
  pause?: { after: number; for: number | null; reason: string };
  priorityTo?: { after: number; priority: Priority };
  note?: { after: number; text: string };
  resolve?: { after: number; note: string };
};

export const DEMO_CALENDAR = { name: 'business', timezone: 'Europe/Berlin', hours: 'mon-fri 09:00-17:00' } as const;

export const DEMO_SERVICES: DemoService[] = [
  { key: 'payments', name: 'Payments API', availability: 99.9, window: '30d', calendar: 'business', policies: { P1: [15, 240], P2: [30, 480], P3: [120, 2880] } },
  { key: 'checkout', name: 'Checkout', availability: 99.95, window: '30d', calendar: null, policies: { P1: [10, 120], P2: [30, 360], P3: [120, 2880] } },
  { key: 'identity', name: 'Identity & Login', availability: 99.99, window: '30d', calendar: null, policies: { P1: [5, 60], P2: [15, 240], P3: [60, 1440] } },
  { key: 'search', name: 'Search', availability: 99.5, window: 'month', calendar: null, policies: { P1: [15, 240], P2: [60, 480], P3: [240, 4320] } },
  { key: 'notifications', name: 'Email & Push', availability: 99.0, window: '7d', calendar: 'business', policies: { P2: [60, 480], P3: [240, 2880] } },
  { key: 'reporting', name: 'Reporting', availability: 99.5, window: 'quarter', calendar: 'business', policies: { P2: [120, 1440], P3: [480, 7200] } },
];

/** A planned maintenance window: it does not count as downtime. */
export const DEMO_MAINTENANCE = { service: 'payments', daysAgo: 10, at: '02:00', minutes: 60, reason: 'database major upgrade' } as const;

const d = (daysAgo: number, at: string) => ({ daysAgo, at });

export const DEMO_INCIDENTS: DemoIncident[] = [
  // payments — 35 weighted minutes of its 43 min 12 s budget: at risk.
  { service: 'payments', priority: 'P3', impact: 'none', title: 'Refund webhooks retried with delay', opened: d(28, '10:12'), ack: 35, resolve: { after: 180, note: 'queue consumer scaled up' } },
  { service: 'payments', priority: 'P1', impact: 'outage', title: 'Card payments failing for Visa', opened: d(24, '14:05'), ack: 9, resolve: { after: 14, note: 'rolled back gateway config' } },
  { service: 'payments', priority: 'P2', impact: 'degraded', title: 'Slow authorisations from one acquirer', opened: d(12, '11:20'), ack: 5, resolve: { after: 30, note: 'traffic shifted to the second acquirer' } },
  { service: 'payments', priority: 'P3', impact: 'none', title: 'Settlement file arrived late', opened: d(7, '16:45'), ack: 40, pause: { after: 60, for: 900, reason: "waiting on the bank's file" }, resolve: { after: 1100, note: 'file received and processed' } },
  { service: 'payments', priority: 'P2', impact: 'degraded', title: 'Payout API returns 502s intermittently', opened: d(4, '21:30'), ack: 8, resolve: { after: 12, note: 'restarted the payout workers' } },
  { service: 'payments', priority: 'P3', impact: 'none', title: 'Currency rounding off by one cent on invoices', opened: d(2, '10:05'), ack: 50, note: { after: 120, text: 'fix in review' }, resolve: { after: 300, note: 'hotfix deployed' } },
  // checkout — healthy, but two SLA clocks breached on one slow incident.
  { service: 'checkout', priority: 'P3', impact: 'none', title: 'Discount codes not applied to bundles', opened: d(29, '03:10'), ack: 25, resolve: { after: 240, note: 'pricing rule fixed' } },
  { service: 'checkout', priority: 'P1', impact: 'outage', title: 'Checkout page returns 500', opened: d(21, '13:30'), impactEarlier: 2, ack: 3, resolve: { after: 5, note: 'feature flag turned off' } },
  { service: 'checkout', priority: 'P3', impact: 'none', title: 'Address autocomplete slow', opened: d(15, '18:00'), ack: 95, resolve: { after: 600, note: 'provider fixed their latency' } },
  { service: 'checkout', priority: 'P2', impact: 'degraded', title: 'Shipping options not loading for EU', opened: d(10, '08:15'), ack: 12, resolve: { after: 14, note: 'cache flushed' } },
  { service: 'checkout', priority: 'P3', impact: 'none', title: 'Gift card balance check slow', opened: d(6, '12:00'), ack: 30, resolve: { after: 200, note: 'index added' } },
  { service: 'checkout', priority: 'P3', impact: 'none', title: 'Order confirmation emails delayed', opened: d(3, '19:20'), priorityTo: { after: 20, priority: 'P2' }, ack: 45, resolve: { after: 400, note: 'mail queue drained' } },
  // identity — one six-minute outage spends more than its 4 min 19 s budget: breached.
  { service: 'identity', priority: 'P3', impact: 'none', title: 'Password reset emails slow', opened: d(26, '07:50'), ack: 20, resolve: { after: 180, note: 'SMTP pool enlarged' } },
  { service: 'identity', priority: 'P3', impact: 'none', title: 'MFA push notifications delayed', opened: d(17, '02:30'), ack: 18, resolve: { after: 95, note: 'push provider recovered' } },
  { service: 'identity', priority: 'P1', impact: 'outage', title: 'Login fails for all users', opened: d(9, '14:40'), ack: 2, resolve: { after: 6, note: 'expired signing certificate rotated' } },
  { service: 'identity', priority: 'P3', impact: 'none', title: 'Session cookie warning in Safari', opened: d(1, '11:00'), ack: 55, resolve: { after: 240, note: 'SameSite attribute fixed' } },
  // search — an ack breach and an outage, still within a generous monthly budget.
  { service: 'search', priority: 'P2', impact: 'degraded', title: 'Search results stale', opened: d(27, '09:30'), ack: 20, resolve: { after: 95, note: 'indexer restarted' } },
  { service: 'search', priority: 'P3', impact: 'none', title: 'Autocomplete suggestions missing', opened: d(20, '15:10'), ack: 130, resolve: { after: 1300, note: 'suggestion index rebuilt' } },
  { service: 'search', priority: 'P1', impact: 'outage', title: 'Search cluster red: no results', opened: d(14, '06:55'), ack: 4, resolve: { after: 38, note: 'failed node replaced' } },
  { service: 'search', priority: 'P3', impact: 'none', title: 'Typo tolerance disabled', opened: d(8, '10:40'), ack: 60, resolve: { after: 500, note: 'setting restored' } },
  { service: 'search', priority: 'P2', impact: 'degraded', title: 'Slow queries after reindex', opened: d(5, '13:15'), ack: 75, resolve: { after: 150, note: 'query cache warmed' } },
  // notifications — a 7-day window: only the recent incidents count.
  { service: 'notifications', priority: 'P2', impact: 'degraded', title: 'Push notifications delayed on Android', opened: d(25, '10:20'), ack: 20, resolve: { after: 90, note: 'FCM credentials renewed' } },
  { service: 'notifications', priority: 'P3', impact: 'none', title: 'Email open tracking broken', opened: d(16, '09:05'), ack: 100, pause: { after: 200, for: 400, reason: 'waiting on the email provider' }, resolve: { after: 900, note: 'provider fixed tracking pixels' } },
  { service: 'notifications', priority: 'P2', impact: 'outage', title: 'SMS provider down', opened: d(11, '11:45'), ack: 10, resolve: { after: 55, note: 'failed over to the backup provider' } },
  { service: 'notifications', priority: 'P2', impact: 'degraded', title: 'Emails land in spam for Outlook', opened: d(5, '09:50'), ack: 30, resolve: { after: 80, note: 'DKIM record fixed' } },
  { service: 'notifications', priority: 'P3', impact: 'none', title: 'Digest emails sent twice', opened: d(3, '08:30'), ack: 45, resolve: { after: 200, note: 'duplicate cron job removed' } },
  // reporting — slow-moving tickets on business hours.
  { service: 'reporting', priority: 'P3', impact: 'none', title: 'CSV export times out for large ranges', opened: d(22, '14:00'), ack: 200, pause: { after: 300, for: 600, reason: 'waiting on the customer for a sample' }, resolve: { after: 2000, note: 'export streamed in chunks' } },
  { service: 'reporting', priority: 'P2', impact: 'degraded', title: "Dashboards show yesterday's data", opened: d(13, '09:10'), ack: 35, resolve: { after: 240, note: 'ETL job re-run' } },
  { service: 'reporting', priority: 'P3', impact: 'none', title: 'Chart labels overlap in PDF export', opened: d(2, '15:30'), ack: 180, resolve: { after: 700, note: 'renderer upgraded' } },
  { service: 'payments', priority: 'P3', impact: 'none', title: 'Statement descriptor truncated', opened: d(19, '09:40'), ack: 70, resolve: { after: 420, note: 'descriptor shortened' } },
  // Still open: a P1 whose acknowledge clock is running out, and a paused ticket.
  { service: 'checkout', priority: 'P3', impact: 'none', title: 'Apple Pay button missing on iOS 17', opened: { minutesAgo: 300 }, ack: 25, pause: { after: 60, for: null, reason: 'waiting on Apple developer support' } },
  { service: 'search', priority: 'P1', impact: 'outage', title: 'Search API timing out', opened: { minutesAgo: 11 }, note: { after: 4, text: 'latency alarms firing in eu-west' } },
];

/** People who act in the demo (they never log in; the names only show in timelines). */
export const DEMO_PEOPLE = ['anna', 'ben', 'chen', 'dora'] as const;
