/**
 * The viewer's time zone: the one the dashboard link was made for, or `?tz=Area/City` when it names an
 * IANA zone (checked with Intl, abbreviations such as `CET` refused as everywhere in Pacta).
 */
import { isIanaZoneName, zonesForAbbreviation } from '../../src/calendar/zone-name.ts';
import { html, type Html } from './html.ts';

/** `zone` in its canonical spelling when it is an IANA zone Pacta accepts, else null. */
export function validZone(zone: string | null | undefined): string | null {
  const z = (zone ?? '').trim();
  if (!z || z.length > 64 || zonesForAbbreviation(z) !== undefined || !isIanaZoneName(z)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: z }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

let all: readonly string[] | null = null;

/** Every zone this runtime knows, UTC first, for the zone picker. */
export function knownZones(): readonly string[] {
  if (!all) {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    all = ['UTC', ...list.filter((z) => z !== 'UTC' && z.includes('/'))];
  }
  return all;
}

/**
 * A GET form choosing the zone times are shown in: a select and a button, so it works without script.
 * Without an `action` it goes to the page itself (the token is in its path), with `?tz=` as the query.
 */
export function zoneForm(current: string): Html {
  const zones = knownZones().includes(current) ? knownZones() : [current, ...knownZones()];
  const options = zones.map((z) => html`<option${z === current ? html` selected` : ''}>${z}</option>`);
  return html`<form class="zone" method="get"><label for="tz">Time zone</label> <select id="tz" name="tz">${options}</select> <button type="submit">Show</button></form>`;
}
