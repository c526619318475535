/** Where the core gets "now" from. Production uses the system clock; tests use a manual one. */
export interface Clock {
  now(): Date;
}
