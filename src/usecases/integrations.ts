/**
 * Integrations (docs/semantics.md §6): the ways in for monitoring sources, as admins create them. A
 * secret is shown once, when it is made; only its SHA-256 hash is stored. `rotate` issues a new secret
 * and keeps the old one valid for a grace period, so a sender can be reconfigured without losing alerts.
 */
import type { Actor } from '../domain/incident.ts';
import { BadArgumentError, ConflictError, NotFoundError } from '../errors.ts';
import type { AlertSourceKind } from '../ports/alerts.ts';
import type { Hasher } from '../ports/hashing.ts';
import type { AlertDeliveryRecord, DeliveryFilter, Integration, Store } from '../ports/store.ts';
import type { TimeSource } from '../time-source.ts';
import { parseSeverityTarget } from './monitoring.ts';

export const INTEGRATION_KINDS: readonly AlertSourceKind[] = ['alertmanager', 'grafana', 'generic'];
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Default grace after `rotate` during which the old secret still works. */
export const DEFAULT_ROTATE_GRACE_SECONDS = 24 * 3600;

export type IntegrationInput = {
  name: string;
  kind: AlertSourceKind;
  defaultService?: string | null;
  routeLabel?: string;
  perAlert?: boolean;
  severityMap?: Record<string, string>;
  reopenWindowSeconds?: number;
  /** Grafana: also accept HMAC-signed requests (the key is then stored, since verifying needs it). */
  hmac?: boolean;
};

/** What `add` and `rotate` show once. */
export type IssuedSecret = { integration: Integration; secret: string; hmacKey: string | null };


export class IntegrationUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    private readonly hasher: Hasher,
  ) {}

  async add(input: IntegrationInput, actor: Actor): Promise<IssuedSecret> {
    const name = input.name.toLowerCase();
    if (!NAME.test(name)) throw new BadArgumentError(`"${input.name}" cannot name an integration: use lower-case letters, digits, - and _ (up to 63), e.g. \`alertmanager-prod\`.`);
    if (!INTEGRATION_KINDS.includes(input.kind)) throw new BadArgumentError(`--kind must be one of ${INTEGRATION_KINDS.join(', ')}.`);
    for (const [sev, target] of Object.entries(input.severityMap ?? {})) {
      if (!parseSeverityTarget(target)) throw new BadArgumentError(`--severity ${sev}=${target}: a severity maps to P1–P4, optionally with an impact, e.g. critical=P1 or warning=P3/none.`);
    }
    if (input.hmac && input.kind !== 'grafana') throw new BadArgumentError('--hmac is for Grafana contact points only.');
    if (input.routeLabel !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(input.routeLabel)) throw new BadArgumentError(`--route-label "${input.routeLabel}" is not a label name.`);
    const issued = this.hasher.newSecret();
    const hmacKey = input.hmac ? this.hasher.newSecret() : null;
    return this.store.transaction(async (tx) => {
      if (input.defaultService && !(await tx.services.get(input.defaultService))) throw new NotFoundError(`There is no service "${input.defaultService}". \`service list\` shows the services.`);
      const integration: Integration = {
        name,
        kind: input.kind,
        secretHash: this.hasher.sha256Hex(issued),
        previousHash: null,
        previousUntil: null,
        hmacKey,
        defaultService: input.defaultService ?? null,
        routeLabel: input.routeLabel ?? 'service',
        perAlert: input.perAlert ?? false,
        severityMap: lowerKeys(input.severityMap ?? {}),
        reopenWindowSeconds: input.reopenWindowSeconds ?? 1800,
        stormLimit: 20,
        stormWindowSeconds: 600,
        ratePerMinute: 6000,
        createdBy: actor,
        createdAt: this.time.now(),
      };
      if (!(await tx.integrations.add(integration))) throw new ConflictError(`There is already an integration "${name}". \`integration rotate ${name}\` issues a new secret.`);
      return { integration, secret: issued, hmacKey };
    });
  }

  async rotate(name: string, graceSeconds = DEFAULT_ROTATE_GRACE_SECONDS): Promise<IssuedSecret> {
    const issued = this.hasher.newSecret();
    return this.store.transaction(async (tx) => {
      const i = await this.must(tx.integrations.get(name), name);
      const hmacKey = i.hmacKey ? this.hasher.newSecret() : null;
      const next: Integration = { ...i, secretHash: this.hasher.sha256Hex(issued), previousHash: graceSeconds > 0 ? i.secretHash : null, previousUntil: graceSeconds > 0 ? new Date(this.time.now().getTime() + graceSeconds * 1000) : null, hmacKey };
      await tx.integrations.update(next);
      return { integration: next, secret: issued, hmacKey };
    });
  }

  async remove(name: string): Promise<void> {
    const removed = await this.store.transaction((tx) => tx.integrations.remove(name));
    if (!removed) throw notFound(name);
  }

  list(): Promise<Integration[]> {
    return this.store.read.integrations.list();
  }

  get(name: string): Promise<Integration> {
    return this.must(this.store.read.integrations.get(name), name);
  }

  /** Recent deliveries and what each did, newest first. */
  async deliveries(filter: Omit<DeliveryFilter, 'limit'> & { limit?: number }): Promise<AlertDeliveryRecord[]> {
    return this.store.read.alerts.deliveries({ ...filter, limit: Math.min(filter.limit ?? 20, 100) });
  }

  private async must(p: Promise<Integration | null>, name: string): Promise<Integration> {
    const i = await p;
    if (!i) throw notFound(name);
    return i;
  }
}

function lowerKeys(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v]));
}

function notFound(name: string): NotFoundError {
  return new NotFoundError(`There is no integration "${name}". \`integration list\` shows them.`);
}
