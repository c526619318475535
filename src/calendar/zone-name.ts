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

/**
 * The IANA zones people usually mean by a time-zone abbreviation (`EST`, `CET`, `PST`), or `undefined`
 * when `name` is not an abbreviation. An abbreviation is refused wherever a zone is typed: it names an
 * offset, not a place, so it cannot say when daylight saving time starts, and the runtime resolves the
 * ones it knows to surprising places (`EST` is Panama, all year on UTC−5; `BST` is Bangladesh; `IST` is
 * India). Some are IANA names of their own, but legacy ones kept for compatibility.
 *
 * An abbreviation here is a word of two to five letters that is not one of the few such IANA names that
 * do name a place or UTC (`GB`, `NZ`, `PRC`, `ROC`, `ROK`, `Cuba`, `Eire`, `Iran`, `Egypt`, `Japan`,
 * `Libya`, `UTC`, `UCT`, `GMT`, `Zulu`). An empty list means an abbreviation Pacta has no suggestion for.
 */
export function zonesForAbbreviation(name: string): readonly string[] | undefined {
  const s = name.trim();
  if (!/^[A-Za-z]{2,5}$/.test(s)) return undefined;
  const upper = s.toUpperCase();
  if (NOT_ABBREVIATIONS.has(upper)) return undefined;
  return ABBREVIATION_ZONES[upper] ?? [];
}

const NOT_ABBREVIATIONS = new Set(['GB', 'NZ', 'PRC', 'ROC', 'ROK', 'CUBA', 'EIRE', 'IRAN', 'EGYPT', 'JAPAN', 'LIBYA', 'UTC', 'UCT', 'GMT', 'ZULU']);

const NEW_YORK = ['America/New_York', 'America/Toronto'];
const CHICAGO = ['America/Chicago', 'America/Mexico_City'];
const DENVER = ['America/Denver', 'America/Phoenix'];
const LOS_ANGELES = ['America/Los_Angeles', 'America/Vancouver'];
const CENTRAL_EUROPE = ['Europe/Berlin', 'Europe/Paris', 'Europe/Madrid'];
const EASTERN_EUROPE = ['Europe/Athens', 'Europe/Helsinki', 'Europe/Bucharest'];
const SYDNEY = ['Australia/Sydney', 'Australia/Melbourne'];

/** Common abbreviations, standard and daylight-saving spellings alike, and the zones that use them. */
const ABBREVIATION_ZONES: Readonly<Record<string, readonly string[]>> = {
  EST: NEW_YORK, EDT: NEW_YORK, ET: NEW_YORK,
  CST: [...CHICAGO, 'Asia/Shanghai'], CDT: CHICAGO, CT: CHICAGO,
  MST: DENVER, MDT: DENVER, MT: DENVER,
  PST: LOS_ANGELES, PDT: LOS_ANGELES, PT: LOS_ANGELES,
  AKST: ['America/Anchorage'], AKDT: ['America/Anchorage'],
  HST: ['Pacific/Honolulu'],
  AST: ['America/Halifax', 'America/Puerto_Rico'], ADT: ['America/Halifax'],
  NST: ['America/St_Johns'], NDT: ['America/St_Johns'],
  BRT: ['America/Sao_Paulo'], ART: ['America/Argentina/Buenos_Aires'],
  WET: ['Europe/Lisbon'], WEST: ['Europe/Lisbon'],
  BST: ['Europe/London'], IST: ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem'],
  CET: CENTRAL_EUROPE, CEST: CENTRAL_EUROPE, MET: CENTRAL_EUROPE, MEST: CENTRAL_EUROPE,
  EET: EASTERN_EUROPE, EEST: EASTERN_EUROPE,
  MSK: ['Europe/Moscow'],
  SAST: ['Africa/Johannesburg'], WAT: ['Africa/Lagos'], CAT: ['Africa/Maputo'], EAT: ['Africa/Nairobi'],
  PKT: ['Asia/Karachi'], ICT: ['Asia/Bangkok'], WIB: ['Asia/Jakarta'],
  SGT: ['Asia/Singapore'], HKT: ['Asia/Hong_Kong'], JST: ['Asia/Tokyo'], KST: ['Asia/Seoul'],
  AWST: ['Australia/Perth'], ACST: ['Australia/Adelaide', 'Australia/Darwin'], ACDT: ['Australia/Adelaide'],
  AEST: SYDNEY, AEDT: SYDNEY,
  NZST: ['Pacific/Auckland'], NZDT: ['Pacific/Auckland'],
};
