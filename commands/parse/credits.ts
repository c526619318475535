/**
 * Service credit tiers as typed in `service set <key> --credits` (docs/semantics.md §8):
 *
 *     99.9=10%,99=25%,95=50%
 *
 * Each tier is `<availability threshold>=<credit>`, both percents (the `%` signs are optional), separated
 * by `,`, `;` or spaces. `off` or `none` clears the credits. The core checks the tiers (src/slo/credits.ts):
 * this only reads them.
 */
import type { CreditTier } from '../../src/domain/service.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

const EXAMPLE = '--credits "99.9=10%,99=25%,95=50%"';
/** Longer text is no list of tiers anyone means; refused before splitting. */
const MAX_CREDITS_TEXT = 500;
const NUMBER = /^\d+(?:\.\d+)?$/;

/** The tiers in `text`, in the order written; null for `off` / `none`. */
export function parseCredits(text: string): CreditTier[] | null {
  const t = text.trim().replace(/^"([\s\S]*)"$/, '$1').trim();
  if (/^(off|none)$/i.test(t)) return null;
  if (t === '') throw new BadArgumentError(`--credits needs tiers, e.g. ${EXAMPLE}, or off.`);
  if (t.length > MAX_CREDITS_TEXT) throw new BadArgumentError(`Those credits are too long (${t.length} characters): write tiers like ${EXAMPLE}.`);
  return t
    .split(/[,;\s]+/)
    .filter((p) => p !== '')
    .map((part) => {
      const m = /^([^=]*)=(.*)$/.exec(part);
      const below = m?.[1]?.trim().replace(/%$/, '') ?? '';
      const credit = m?.[2]?.trim().replace(/%$/, '') ?? '';
      if (!m || !NUMBER.test(below) || !NUMBER.test(credit)) {
        throw new BadArgumentError(`"${echo(part)}" is not a credit tier: write <availability>=<credit>, e.g. ${EXAMPLE}.`);
      }
      return { below: Number(below), credit: Number(credit) };
    });
}

/** Tiers as `--credits` reads them back: `99.9=10%,99=25%`. */
export function formatCredits(tiers: readonly CreditTier[]): string {
  return tiers.map((t) => `${t.below}=${t.credit}%`).join(',');
}
