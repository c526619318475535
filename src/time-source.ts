/** Where the core gets "now" from. Production uses the system time; tests use a manual one. ("Clock" means an SLA clock only.) */
export interface TimeSource {
  now(): Date;
}
