/**
 * The one place that knows what a database outage looks like from the drivers' side, and turns it into
 * the core's neutral {@link UnavailableError} (src/errors.ts), which adapters answer with "Pacta cannot
 * reach its database right now" instead of an apology with an error id. Recognised, anywhere in an
 * error's `cause` chain (drizzle wraps driver errors in a DrizzleQueryError) or among an AggregateError's
 * errors (Node's connection attempts to several addresses):
 *
 * - the network: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN;
 * - postgres.js: CONNECTION_CLOSED, CONNECTION_ENDED, CONNECTION_DESTROYED, CONNECT_TIMEOUT;
 * - PostgreSQL: class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03
 *   cannot connect now (starting or stopping), 53300 too many connections, 25P03 idle in transaction
 *   timeout, and 57014 query canceled — Pacta cancels nothing itself, so that is `statement_timeout`
 *   (PACTA_DB_STATEMENT_TIMEOUT_MS): a statement stuck behind a lock or an overloaded server, for which
 *   "try again in a moment" is the honest answer too;
 * - the pool's own wait for a free connection running out ({@link POOL_EXHAUSTED}, db/pool-gate.ts).
 *
 * Anything else (a constraint violation, a bug in a query) is left as it is.
 */
import { UnavailableError } from '../src/errors.ts';

/** The code of the error the pool gate throws when no connection came free in time. */
export const POOL_EXHAUSTED = 'PACTA_POOL_EXHAUSTED';

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const DRIVER = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', POOL_EXHAUSTED]);
const SERVER = new Set(['57P01', '57P02', '57P03', '53300', '25P03', '57014']);

/** The code that marks `err` as an outage, or null. */
export function outageCode(err: unknown): string | null {
  const seen = new Set<unknown>();
  const visit = (e: unknown): string | null => {
    if (!e || typeof e !== 'object' || seen.has(e)) return null;
    seen.add(e);
    if (e instanceof UnavailableError) return 'unavailable';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK.has(code) || DRIVER.has(code) || SERVER.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return code;
    if (e instanceof AggregateError) {
      for (const inner of e.errors) {
        const found = visit(inner);
        if (found) return found;
      }
    }
    return visit((e as { cause?: unknown }).cause);
  };
  return visit(err);
}

/** Whether `err` means the database cannot be reached right now. */
export function isUnavailable(err: unknown): boolean {
  return outageCode(err) !== null;
}

/** `err` as an {@link UnavailableError} (with the driver's error as its cause) if it is an outage; else `err` itself. */
export function asUnavailable(err: unknown): unknown {
  if (err instanceof UnavailableError) return err;
  const code = outageCode(err);
  if (!code) return err;
  const detail = innermostMessage(err);
  return new UnavailableError(`the database is unavailable (${code}${detail ? `: ${detail}` : ''})`, { cause: err });
}

/** The driver's own words: drizzle's wrapper message is the whole query, too long for a log line's title. */
function innermostMessage(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object' && (e as { cause?: unknown }).cause; i++) e = (e as { cause?: unknown }).cause;
  if (e instanceof AggregateError && e.errors[0] instanceof Error) e = e.errors[0];
  return e instanceof Error ? e.message : '';
}
