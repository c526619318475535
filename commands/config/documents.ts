/**
 * Pacta's configuration as documents (docs/semantics.md §8): YAML, `apiVersion: pacta/v1`, one `kind` per
 * object. Every field is written the way people type it in chat (`15m`, `weekly mon 09:00`,
 * `mon-fri 09:00-17:00`, `slack:C123`), so a document reads like the commands that would make it. The
 * schemas are strict: an unknown field is an error, never ignored. `pacta schema` publishes them as
 * JSON Schema for editors.
 */
import { z } from 'zod';

export const API_VERSION = 'pacta/v1';

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a name: lowercase letters, digits, - and _, at most 40');
const metadata = z.strictObject({ name });
const duration = z.string().min(1).describe('a duration, e.g. 15m, 4h, 1h30m');
const priority = z.enum(['P1', 'P2', 'P3', 'P4']);
const channel = z.string().regex(/^(slack|teams|console):.+$/, 'a channel: slack:C123, teams:<conversation id> or console:<name>');
const person = z.string().regex(/^(slack|teams|console):.+$/, 'a person: slack:U123, teams:<Entra object id> or console:<name>');

const calendar = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Calendar'),
  metadata,
  spec: z.strictObject({
    timezone: z.string().min(1).describe('IANA zone, e.g. Europe/Berlin'),
    hours: z.string().min(1).describe('weekly hours, e.g. "mon-fri 09:00-17:00"'),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')).optional(),
  }),
});

const service = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Service'),
  // `all` means every service in chat (`report all`, `subscribe all`): no service may be called that.
  metadata: z.strictObject({ name: name.refine((n) => n !== 'all', '"all" means every service; choose another name') }),
  spec: z.strictObject({
    displayName: z.string().min(1).max(200),
    calendar: name.optional().describe('a Calendar by name; absent: 24x7'),
    availability: z.strictObject({ target: z.number().gt(0).lt(100), window: z.string().min(1) }).optional(),
    degradedWeight: z.number().min(0).max(1).optional(),
    channel: channel.optional().describe('where incident cards from monitoring go'),
    credits: z.string().min(1).optional().describe('service credit tiers, e.g. "99.9=10%,99=25%"'),
    public: z.boolean().optional().describe('shown on the public status page; absent: false'),
  }),
});

const policy = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Policy'),
  spec: z.strictObject({
    service: name,
    priority,
    acknowledge: duration.optional(),
    resolve: duration.optional(),
    calendar: z.string().min(1).optional().describe("a Calendar by name, or 24x7; absent: the service's"),
    warnings: z.array(z.number().gt(0).lt(100)).optional(),
  }),
});

const rota = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Rota'),
  metadata,
  spec: z.strictObject({
    zone: z.string().min(1),
    handoff: z.string().min(1).describe('daily 09:00 | weekly mon 09:00 | every 3 days 09:00'),
    members: z.array(person),
  }),
});

const escalation = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Escalation'),
  spec: z.strictObject({
    service: name,
    priority: priority.optional().describe('absent: every priority without its own'),
    policy: z.string().min(1).describe('e.g. "after 5m: oncall primary; after 15m: slack:U123; repeat 2 every 30m"'),
  }),
});

const integration = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Integration'),
  metadata,
  spec: z.strictObject({
    type: z.enum(['alertmanager', 'grafana', 'generic']),
    service: name.optional(),
    routeLabel: z.string().min(1).optional(),
    perAlert: z.boolean().optional(),
    severity: z.record(z.string(), z.string()).optional(),
    reopenWindow: duration.optional(),
    secretFromEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name')
      .optional()
      .describe('take the secret from this environment variable instead of creating one'),
  }),
});

const subscription = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Subscription'),
  spec: z.strictObject({
    channel,
    services: z.union([z.literal('all'), z.array(name)]),
    digest: z.string().min(1).optional().describe('e.g. daily@09:00, weekly@mon@09:00'),
    timezone: z.string().min(1),
  }),
});

const role = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Role'),
  spec: z.strictObject({ user: person, role: z.enum(['admin', 'responder', 'viewer']) }),
});

export const KINDS = ['Calendar', 'Service', 'Policy', 'Rota', 'Escalation', 'Integration', 'Subscription', 'Role'] as const;
export type Kind = (typeof KINDS)[number];

export const SCHEMAS = { Calendar: calendar, Service: service, Policy: policy, Rota: rota, Escalation: escalation, Integration: integration, Subscription: subscription, Role: role } as const;

export type DocumentOf<K extends Kind> = z.infer<(typeof SCHEMAS)[K]>;
export type ConfigDocument = { [K in Kind]: DocumentOf<K> }[Kind];

/** What identifies an object of its kind: its name, or what the spec is about. */
export function identity(d: ConfigDocument): string {
  switch (d.kind) {
    case 'Policy':
      return `${d.spec.service}/${d.spec.priority}`;
    case 'Escalation':
      return `${d.spec.service}/${d.spec.priority ?? 'all'}`;
    case 'Subscription':
      return d.spec.channel;
    case 'Role':
      return d.spec.user;
    default:
      return d.metadata.name;
  }
}

/** The JSON Schema of one document (any kind), for editors: `pacta schema`. */
export function jsonSchema(): unknown {
  const all = z.discriminatedUnion('kind', [calendar, service, policy, rota, escalation, integration, subscription, role]);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Pacta configuration document (pacta/v1)', ...z.toJSONSchema(all, { target: 'draft-2020-12' }) };
}
