/**
 * Pacta keeps instants to the whole second: events, clocks and stored durations then agree exactly
 * (durations are stored as whole seconds).
 */
export function floorToSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
