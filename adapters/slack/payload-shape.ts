/**
 * What a signed Slack request must look like before Bolt and Pacta's listeners read it. Slack always
 * sends these fields with these types; a body without them (a replayed or hand-made request signed with
 * the real secret, a Slack bug) would otherwise throw inside Bolt or a listener. The receiver checks
 * every body against the shape of its kind here, in one place, instead of each reader guarding each
 * field: what passes is safe to read as typed, what fails is answered without running anything.
 */

/**
 * A field's expected type; `?` allows it to be absent, `defined?` anything but null. Objects are checked
 * field by field, `each` item by item.
 */
type Shape = 'string' | 'string?' | 'object?' | 'defined?' | { [field: string]: Shape } | { optional: Shape } | { each: Shape };

/** Every Events API body: Bolt looks into `event`, `event.channel` and `event.item`, and at `authorizations[0]`. */
const EVENT_ENVELOPE: Shape = {
  type: 'string',
  event: { type: 'string', item: 'object?', channel: 'defined?' },
  authorizations: { optional: { each: 'object?' } },
};

/** Events Pacta listens to, with the fields its listeners read. */
const EVENTS: Record<string, Shape> = {
  reaction_added: { user: 'string', reaction: 'string', event_ts: 'string', item: { type: 'string', channel: 'string?', ts: 'string?' } },
  reaction_removed: { user: 'string', reaction: 'string', event_ts: 'string', item: { type: 'string', channel: 'string?', ts: 'string?' } },
};

/** A slash command (form fields). */
const COMMAND: Shape = { command: 'string', text: 'string?', user_id: 'string', channel_id: 'string', response_url: 'string' };

/** Interactivity: a button click (`block_actions`) and whatever else carries `actions`. */
const ACTIONS: Shape = {
  type: 'string',
  user: { id: 'string' },
  actions: { each: { type: 'string', action_id: 'string' } },
  response_url: 'string?',
  channel: { optional: { id: 'string' } },
};

export type PayloadProblem = {
  /** `event`: an Events API delivery (answered 200 so Slack does not retry it); else a request. */
  kind: 'event' | 'request';
  /** Which field is wrong, e.g. `event.item: missing`. */
  problem: string;
};

/**
 * What is wrong with `body` for what it claims to be (an event, a command, a click), or null when its
 * kind's shape holds. Kinds are told apart the way Bolt tells them apart.
 */
export function payloadProblem(body: Record<string, unknown>): PayloadProblem | null {
  if (body.event !== undefined) {
    const envelope = mismatch(body, EVENT_ENVELOPE, '');
    if (envelope) return { kind: 'event', problem: envelope };
    const event = body.event as Record<string, unknown>;
    const shape = EVENTS[String(event.type)];
    const problem = shape ? mismatch(event, shape, 'event') : null;
    return problem ? { kind: 'event', problem } : null;
  }
  if (body.command !== undefined) return asRequest(mismatch(body, COMMAND, ''));
  if (body.actions !== undefined) return asRequest(mismatch(body, ACTIONS, ''));
  return null;
}

function asRequest(problem: string | null): PayloadProblem | null {
  return problem ? { kind: 'request', problem } : null;
}

/** The first place where `value` does not have `shape`, as `path: what`, or null. */
function mismatch(value: unknown, shape: Shape, path: string): string | null {
  const at = path || 'body';
  if (typeof shape === 'string') {
    const optional = shape.endsWith('?');
    if (value === undefined) return optional ? null : `${at}: missing`;
    if (shape === 'defined?') return value === null ? `${at}: null` : null;
    const type = shape.replace('?', '');
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return actual === type ? null : `${at}: ${actual}, not ${type}`;
  }
  if ('optional' in shape) return value === undefined ? null : mismatch(value, shape.optional as Shape, path);
  if ('each' in shape) {
    if (!Array.isArray(value)) return `${at}: ${value === null ? 'null' : typeof value}, not array`;
    for (let i = 0; i < value.length; i++) {
      const problem = mismatch(value[i], shape.each as Shape, `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${at}: ${value === undefined ? 'missing' : value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not object`;
  }
  for (const [field, inner] of Object.entries(shape)) {
    const problem = mismatch((value as Record<string, unknown>)[field], inner, path ? `${path}.${field}` : field);
    if (problem) return problem;
  }
  return null;
}
