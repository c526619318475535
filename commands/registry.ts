/**
 * Every command, in the order `help` lists them. A plain list of imports: adding a command is adding a
 * file and a line here (no dynamic imports or dispatch by module name).
 */
import type { CommandEntry } from './spec.ts';
import { ackCommand } from './specs/ack.ts';
import { calendarCommand } from './specs/calendar.ts';
import { dashboardCommand } from './specs/dashboard.ts';
import { escalationCommand, snoozeCommand } from './specs/escalation.ts';
import { exportCommand } from './specs/export.ts';
import { helpCommand } from './specs/help.ts';
import { impactCommand } from './specs/impact.ts';
import { incidentCommand } from './specs/incident.ts';
import { incidentsCommand } from './specs/incidents.ts';
import { alertsCommand, integrationCommand } from './specs/integration.ts';
import { maintenanceCommand } from './specs/maintenance.ts';
import { noteCommand } from './specs/note.ts';
import { oncallCommand } from './specs/oncall.ts';
import { openCommand } from './specs/open.ts';
import { pauseCommand } from './specs/pause.ts';
import { policyCommand } from './specs/policy.ts';
import { priorityCommand } from './specs/priority.ts';
import { reopenCommand } from './specs/reopen.ts';
import { reportCommand } from './specs/report.ts';
import { resolveCommand } from './specs/resolve.ts';
import { resumeCommand } from './specs/resume.ts';
import { roleCommand } from './specs/role.ts';
import { serviceCommand } from './specs/service.ts';
import { slaCommand } from './specs/sla.ts';
import { statusCommand } from './specs/status.ts';
import { subscribeCommand } from './specs/subscribe.ts';
import { subscriptionsCommand } from './specs/subscriptions.ts';
import { unsubscribeCommand } from './specs/unsubscribe.ts';

/** The registered commands and command groups. */
export const COMMANDS: readonly CommandEntry[] = [
  helpCommand,
  statusCommand,
  incidentsCommand,
  incidentCommand,
  reportCommand,
  slaCommand,
  dashboardCommand,
  openCommand,
  ackCommand,
  resolveCommand,
  pauseCommand,
  resumeCommand,
  reopenCommand,
  priorityCommand,
  impactCommand,
  noteCommand,
  snoozeCommand,
  oncallCommand,
  serviceCommand,
  policyCommand,
  escalationCommand,
  calendarCommand,
  maintenanceCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  integrationCommand,
  alertsCommand,
  roleCommand,
  exportCommand,
];
