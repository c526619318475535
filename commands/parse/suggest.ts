/**
 * "Did you mean …?" for mistyped flags (and, in the router, subcommands).
 *
 * Every line reaches this with whatever word the user typed, so its cost is bounded whatever the word:
 * a word too long to be a typo of any name is answered without looking at it, and the edit distance
 * is computed only within a band as wide as the typo budget, giving up as soon as the budget is spent.
 */

/**
 * Words longer than this are never a typo of a name: command, flag and setting names have at most 14
 * letters, and a word may differ from a name by a third of its length at most.
 */
export const MAX_SUGGESTION_WORD = 64;

/**
 * Returns the candidate closest to `word`, or `undefined` when nothing is close enough to be a plausible
 * typo. A candidate that starts with `word` (an abbreviation like `--imp`) counts as close. Costs at most
 * about `candidates × MAX_SUGGESTION_WORD × (2 × budget + 1)` steps, however long `word` is.
 */
export function closestMatch(word: string, candidates: readonly string[], work?: DistanceWork): string | undefined {
  if (word === '' || word.length > MAX_SUGGESTION_WORD) return undefined;
  const w = word.toLowerCase();
  // Allow about one edit per three letters: `--impcat` → `--impact`, but `--x` suggests nothing.
  const budget = Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const d = c.startsWith(w) ? 0.5 : boundedEditDistance(w, c, budget, work);
    if (d !== undefined && d <= budget && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Counts the distance cells computed, for tests that check the work is bounded. */
export interface DistanceWork {
  cells: number;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, the commonest typo)
 * between `a` and `b` when it is at most `budget`; `undefined` when it is more.
 *
 * Ukkonen's band: a cell more than `budget` off the diagonal already costs more than the budget, so only
 * the `2 × budget + 1` cells around it are computed per row, and the computation stops at the first row
 * where every cell is over budget (no later cell can come back under: a row's smallest cell is never
 * below the smallest of the row before, transpositions included). Strings whose lengths differ by more
 * than `budget` are answered without computing anything. Work: at most `(a.length + 1) × (2 × budget + 1)`
 * cells; memory: three rows.
 */
export function boundedEditDistance(a: string, b: string, budget: number, work?: DistanceWork): number | undefined {
  const n = a.length;
  const m = b.length;
  const k = Math.floor(budget);
  if (!(k >= 0) || Math.abs(n - m) > k) return undefined;
  const over = k + 1; // any value past the budget; kept small so sums never grow
  let before = new Array<number>(m + 2).fill(over); // row i - 2
  let prev = new Array<number>(m + 2).fill(over); // row i - 1
  let cur = new Array<number>(m + 2).fill(over); // row i
  for (let j = 0; j <= Math.min(m, k); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(m, i + k);
    // The cell left of the band: the first column (i deletions) or outside the band.
    cur[lo - 1] = lo === 1 ? Math.min(i, over) : over;
    let rowMin = cur[lo - 1] as number;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, (before[j - 2] as number) + 1);
      if (v > over) v = over;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (work) work.cells += hi - lo + 1;
    // The cell right of the band, which the next row reads as "above".
    if (hi + 1 <= m) cur[hi + 1] = over;
    if (rowMin > k) return undefined;
    [before, prev, cur] = [prev, cur, before];
  }
  const d = prev[m] as number;
  return d <= k ? d : undefined;
}
