import { IANAZone } from 'luxon';
import { Lru } from './lru.ts';

/**
 * Whether `zone` names an IANA time zone (`Europe/Berlin`, `UTC`, `Etc/GMT+1`). Newer ICU builds (Node
 * 24) also accept bare offsets such as `+01:00` as time zones; an offset has no DST rules and no place,
 * so Pacta refuses it everywhere a zone is named: calendars, `--tz` and PACTA_TIMEZONE alike.
 */
export function isIanaZoneName(zone: string): boolean {
  let valid = cache.get(zone);
  if (valid === undefined) {
    valid = SHAPE.test(zone) && IANAZone.isValidZone(zone);
    cache.set(zone, valid);
  }
  return valid;
}

const SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

// luxon checks a zone by building an Intl.DateTimeFormat (~30 µs); callers that rebuild calendar objects
// per call (e.g. from database rows) would pay that every time, so remember the answers.
const cache = new Lru<string, boolean>(1024);
