import { describe, expect, it } from 'vitest';
import { isIanaZoneName, zonesForAbbreviation } from '../../../src/calendar/zone-name.ts';
import { validateCalendar } from '../../../src/calendar/validate.ts';

describe('IANA zone names', () => {
  it('accepts IANA names, and refuses bare offsets that newer ICU builds (Node 24) take as zones', () => {
    for (const z of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+1', 'EST5EDT']) expect(isIanaZoneName(z)).toBe(true);
    for (const z of ['+01:00', '-05:00', 'Mars/Base', '', 'Europe/']) expect(isIanaZoneName(z)).toBe(false);
    expect(() => validateCalendar({ timezone: '+01:00', weekly: { mon: [['09:00', '17:00']] } })).toThrow(/Unknown time zone/);
  });
});

describe('time-zone abbreviations', () => {
  it('are told from zone names, including the ones the runtime resolves to surprising places', () => {
    // Node resolves these to America/Panama, Europe/Brussels, Asia/Dhaka, Asia/Calcutta, Africa/Cairo.
    expect(zonesForAbbreviation('EST')).toEqual(['America/New_York', 'America/Toronto']);
    expect(zonesForAbbreviation('cet')).toEqual(['Europe/Berlin', 'Europe/Paris', 'Europe/Madrid']);
    expect(zonesForAbbreviation('BST')).toEqual(['Europe/London']);
    expect(zonesForAbbreviation('IST')).toContain('Asia/Kolkata');
    expect(zonesForAbbreviation('ART')).toEqual(['America/Argentina/Buenos_Aires']);
    expect(zonesForAbbreviation(' PDT ')).toEqual(['America/Los_Angeles', 'America/Vancouver']);
    expect(zonesForAbbreviation('QQQ')).toEqual([]);
  });

  it('leave IANA names, UTC and the short names of places alone', () => {
    for (const z of ['UTC', 'GMT', 'UCT', 'Zulu', 'GB', 'NZ', 'PRC', 'ROC', 'ROK', 'Cuba', 'Eire', 'Iran', 'Egypt', 'Japan', 'Libya', 'Europe/Berlin', 'EST5EDT', 'Etc/GMT+1', '']) {
      expect(zonesForAbbreviation(z), z).toBeUndefined();
    }
  });

  it('every suggested zone is a real IANA zone', () => {
    const suggested = new Set<string>();
    for (const a of ['EST', 'EDT', 'CST', 'CDT', 'MST', 'MDT', 'PST', 'PDT', 'AKST', 'HST', 'AST', 'NST', 'BRT', 'ART', 'WET', 'BST', 'IST', 'CET', 'CEST', 'EET', 'EEST', 'MSK', 'SAST', 'WAT', 'CAT', 'EAT', 'PKT', 'ICT', 'WIB', 'SGT', 'HKT', 'JST', 'KST', 'AWST', 'ACST', 'AEST', 'AEDT', 'NZST', 'NZDT']) {
      const zones = zonesForAbbreviation(a);
      expect(zones?.length, a).toBeGreaterThan(0);
      for (const z of zones ?? []) suggested.add(z);
    }
    for (const z of suggested) expect(isIanaZoneName(z), z).toBe(true);
  });
});
