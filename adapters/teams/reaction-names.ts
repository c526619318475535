/**
 * Teams reaction types, matched against the configured reaction names (PACTA_ACK_REACTIONS,
 * PACTA_RESOLVE_REACTIONS).
 *
 * Teams long sent six names (`like`, `heart`, `laugh`, `surprised`, `sad`, `angry`). Since any emoji can
 * be a reaction it also sends emoji ids: the code point and a squashed name (`1f440_eyes`,
 * `2705_whiteheavycheckmark`), `-tone1`…`-tone5` for skin tones, and `name;id` for an organisation's
 * custom emoji. Rather than keep a list that Microsoft outgrows, a configured name matches a reaction
 * when it names the same emoji: `eyes` and `1f440_eyes` both match `1f440_eyes`; `like` matches
 * `like-tone3`; `white_heavy_check_mark` matches `2705_whiteheavycheckmark`.
 */

/** Leading hex code points (`1f440_`, `1f1e9_1f1ea_`); a digit is required, so `face_…` stays a name. */
const CODE_POINTS = /^(?:(?=[0-9a-f]*\d)[0-9a-f]{4,6}_)+/;

/** Lower case, no surrounding colons, no skin tone, no separators: the form names are compared in. */
function squash(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^:|:$/g, '')
    .replace(/::skin-tone-\d$|-tone\d$/, '')
    .replace(/[\s_-]+/g, '');
}

/** The names a Teams reaction type answers to: the full id, and the name without its code points. */
export function teamsReactionNames(type: string): string[] {
  const lower = type.trim().toLowerCase();
  const custom = lower.split(';', 1)[0] ?? lower;
  const names = new Set([squash(custom)]);
  const named = custom.replace(/-tone\d$/, '').replace(CODE_POINTS, '');
  if (named !== '') names.add(squash(named));
  names.delete('');
  return [...names];
}

/** The configured name the reaction `type` stands for, or null when it is none of them. */
export function matchReaction(type: string, configured: readonly string[]): string | null {
  const names = teamsReactionNames(type);
  return configured.find((c) => names.includes(squash(c))) ?? null;
}
