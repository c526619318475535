import { IMPACTS, type Impact } from '../../src/domain/incident.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

export { IMPACTS, type Impact };

/**
 * Parses an incident impact (docs/semantics.md §3): `outage`, `degraded` or `none`, in any case; `down` and
 * `degradation` are read as the word people meant. Throws `BadArgumentError` otherwise.
 */
export function parseImpact(input: string): Impact {
  const s = input.trim().toLowerCase();
  const alias: Record<string, Impact> = { down: 'outage', degradation: 'degraded', partial: 'degraded' };
  const impact = (IMPACTS as readonly string[]).includes(s) ? (s as Impact) : alias[s];
  if (impact) return impact;
  const shown = s === '' ? 'An empty impact' : `"${echo(input)}"`;
  throw new BadArgumentError(`${shown} is not an impact: use outage, degraded or none.`);
}
