/**
 * The drizzle implementation of the core's `Store`: one set of repositories per transaction. At its
 * edge — a transaction's outcome, a read outside one — an outage of the database (db/unavailable.ts)
 * becomes the core's `UnavailableError`, so every caller tells it apart from a bug the same way.
 */
import type { Repositories, Store } from '../src/ports/store.ts';
import type { PactaDatabase } from './client.ts';
import { DrizzleAlertRepository } from './repositories/alerts.ts';
import { DrizzleBurnEpisodeRepository } from './repositories/burn-episodes.ts';
import { DrizzleCalendarRepository } from './repositories/calendars.ts';
import { DrizzleClockRepository } from './repositories/clocks.ts';
import { DrizzleConversationRefRepository } from './repositories/conversation-refs.ts';
import { DrizzleDigestRunRepository } from './repositories/digest-runs.ts';
import { DrizzleEscalationRepository } from './repositories/escalations.ts';
import { DrizzleIncidentReportRepository } from './repositories/incident-reports.ts';
import { DrizzleIntegrationRepository } from './repositories/integrations.ts';
import { DrizzleIncidentRepository } from './repositories/incidents.ts';
import { DrizzleMaintenanceRepository } from './repositories/maintenance.ts';
import { DrizzleMessageRefRepository } from './repositories/message-refs.ts';
import { DrizzleOutboxRepository } from './repositories/outbox.ts';
import { DrizzlePolicyRepository } from './repositories/policies.ts';
import { DrizzleProcessedEventRepository } from './repositories/processed-events.ts';
import { DrizzleRoleRepository } from './repositories/roles.ts';
import { DrizzleRotaRepository } from './repositories/rotas.ts';
import { DrizzleServiceRepository } from './repositories/services.ts';
import { DrizzleChartImageRepository, DrizzleSettingRepository } from './repositories/settings.ts';
import { DrizzleStatusRepository } from './repositories/status.ts';
import { DrizzleSubscriptionRepository } from './repositories/subscriptions.ts';
import { asUnavailable } from './unavailable.ts';

export function drizzleRepositories(db: PactaDatabase): Repositories {
  return {
    services: new DrizzleServiceRepository(db),
    calendars: new DrizzleCalendarRepository(db),
    policies: new DrizzlePolicyRepository(db),
    incidents: new DrizzleIncidentRepository(db),
    reports: new DrizzleIncidentReportRepository(db),
    clocks: new DrizzleClockRepository(db),
    maintenance: new DrizzleMaintenanceRepository(db),
    subscriptions: new DrizzleSubscriptionRepository(db),
    outbox: new DrizzleOutboxRepository(db),
    roles: new DrizzleRoleRepository(db),
    messages: new DrizzleMessageRefRepository(db),
    processed: new DrizzleProcessedEventRepository(db),
    conversations: new DrizzleConversationRefRepository(db),
    digests: new DrizzleDigestRunRepository(db),
    burns: new DrizzleBurnEpisodeRepository(db),
    status: new DrizzleStatusRepository(db),
    integrations: new DrizzleIntegrationRepository(db),
    alerts: new DrizzleAlertRepository(db),
    rotas: new DrizzleRotaRepository(db),
    escalations: new DrizzleEscalationRepository(db),
    settings: new DrizzleSettingRepository(db),
    charts: new DrizzleChartImageRepository(db),
  };
}

export class DrizzleStore implements Store {
  readonly read: Repositories;

  constructor(private readonly db: PactaDatabase) {
    this.read = outagesMapped(drizzleRepositories(db));
  }

  commits = 0;

  async transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await this.db.transaction((tx) => fn(drizzleRepositories(tx as unknown as PactaDatabase)));
    } catch (err) {
      throw asUnavailable(err);
    }
    this.commits++;
    return result;
  }
}

/**
 * The repositories with every method's failure passed through `asUnavailable`. Inside a transaction
 * errors stay as the driver raised them (a use case may catch a constraint violation); the transaction's
 * own outcome is mapped once, above.
 */
function outagesMapped(repos: Repositories): Repositories {
  const out: Record<string, unknown> = {};
  for (const [name, repo] of Object.entries(repos)) out[name] = mapped(repo as object);
  return out as unknown as Repositories;
}

function mapped<T extends object>(repo: T): T {
  // One wrapper per method, made again if the method is replaced (a test's spy).
  const wrappers = new Map<PropertyKey, { fn: unknown; wrapper: unknown }>();
  return new Proxy(repo, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const known = wrappers.get(prop);
      if (known?.fn === value) return known.wrapper;
      const fn = value as (...a: unknown[]) => unknown;
      const wrapper = (...args: unknown[]) => {
        const r = fn.apply(target, args);
        return r instanceof Promise ? r.catch((err: unknown) => Promise.reject(asUnavailable(err))) : r;
      };
      wrappers.set(prop, { fn: value, wrapper });
      return wrapper;
    },
  });
}
