/** The drizzle implementation of the core's `Store`: one set of repositories per transaction. */
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
    this.read = drizzleRepositories(db);
  }

  commits = 0;

  async transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const result = await this.db.transaction((tx) => fn(drizzleRepositories(tx as unknown as PactaDatabase)));
    this.commits++;
    return result;
  }
}
