/** Neutral-message builders for what Pacta shows: incident cards and details, status, reports, lists. */
export { incidentCard, incidentActions, incidentTitle, type IncidentViewOptions } from './incident-card.ts';
export { incidentDetail } from './incident-detail.ts';
export { statusOverview, type StatusOverviewOptions } from './status-overview.ts';
export { serviceStatus, type ServiceStatusOptions } from './service-status.ts';
export { reportView, periodText, type ReportOptions } from './report.ts';
export { calendarDetail, calendarsList, formatWeeklyHours, incidentsList, policiesList, rolesList, servicesList, subscriptionsList } from './lists.ts';
