/** Availability objectives, error budgets, burn rates and report figures (docs/semantics.md §2–3). Pure. */
export * from './window.ts';
export * from './downtime.ts';
export * from './availability.ts';
export * from './burn-rate.ts';
export * from './incident-stats.ts';
