/**
 * Mutations of webhook bodies for the fuzz tests (parsers and the route): JSON values to put in, and a
 * walk into the body that deletes, replaces or grows what it finds.
 */
import fc from 'fast-check';
import { LIMITS } from '../../../adapters/webhooks/limits.ts';

export type Mutation = { path: number[]; op: 'delete' | 'set' | 'grow'; value: unknown; key: string; length: number };

/** Deeply nested arrays and objects, `levels` deep. */
function nested(levels: number): unknown {
  let deep: unknown = 'bottom';
  for (let i = 0; i < levels; i++) deep = i % 2 ? [deep] : { d: deep };
  return deep;
}

/**
 * Mutations whose values are mostly small JSON and telling constants, now and then `huge` text, `deep`
 * nesting or wide objects; arrays grow a little, now and then past the cap on alerts.
 */
export function mutations(opts: { huge: string; deepLevels: number; keys: readonly string[]; bigArray: number; bigWeight: number }): fc.Arbitrary<Mutation> {
  const deep = nested(opts.deepLevels);
  const value: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 3, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
    {
      weight: 4,
      arbitrary: fc.constantFrom<unknown>(
        '4', '1', 4, '', null, true, -1, 0.5, 1e308, -0, Number.MAX_SAFE_INTEGER, 2 ** 64,
        'firing', 'resolved', 'alerting', 'ok',
        '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999-23:59', '2026-02-29T00:00:00Z', '2026-03-02T10:00:00',
        'javascript:alert(1)', 'https://example.com/a', '__proto__', {}, [], [[]], { __proto__: 'x' },
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(opts.huge, deep, { [opts.huge.slice(0, 5_000)]: 'v' }) },
    { weight: 1, arbitrary: fc.nat({ max: 300 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]))) },
  );
  return fc.record({
    path: fc.array(fc.nat(), { minLength: 0, maxLength: 5 }),
    op: fc.constantFrom('delete', 'set', 'set', 'grow'),
    value,
    length: fc.oneof({ weight: opts.bigWeight, arbitrary: fc.integer({ min: 2, max: 8 }) }, { weight: 1, arbitrary: fc.constant(opts.bigArray) }),
    key: fc.constantFrom(...opts.keys),
  });
}

export const MUTATED_KEYS = ['version', 'groupKey', 'status', 'alerts', 'labels', 'startsAt', 'endsAt', 'fingerprint', 'extra', '__proto__', 'dedup_key', 'details', 'orgId'] as const;
export const BIG_ARRAY = LIMITS.alerts + 200;

/** Walks into `root` by `path` (each step picks a child by index modulo the child count) and applies `m`. */
export function mutate(root: Record<string, unknown>, m: Mutation): unknown {
  let node: unknown = root;
  let parent: Record<string, unknown> | unknown[] | null = null;
  let at: string | number = '';
  for (const step of m.path) {
    if (typeof node !== 'object' || node === null) break;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node as Record<string, unknown>;
    at = keys[step % keys.length]!;
    node = (node as Record<string | number, unknown>)[at];
  }
  if (parent === null) {
    if (m.op === 'set' && m.path.length === 0 && typeof m.value !== 'object') return m.value;
    if (m.op === 'delete') delete root[m.key];
    else root[m.key] = m.value;
    return root;
  }
  const p = parent as Record<string | number, unknown>;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(at as number, 1);
    else delete p[at];
  } else if (m.op === 'grow' && Array.isArray(node)) {
    const n = node.length === 0 ? 0 : m.length;
    for (let i = node.length; i < n; i++) node.push(node[i % node.length]);
  } else if (typeof node === 'object' && node !== null && !Array.isArray(node) && m.op === 'grow') {
    Object.defineProperty(node, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  } else p[at] = m.value;
  return root;
}
