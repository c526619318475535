/**
 * Runs before every test file (vitest `setupFiles`): times formatted without a `now` read "the current
 * year" from a time source fixed in 2026, the year of the tests' fixed dates, so their expected texts
 * (`Wed 25 Nov 14:05 CET`, no year) hold in any year. Tests of the year itself pass a `now` or set
 * their own time source.
 */
import { setYearTime } from '../../src/messages/time-text.ts';

setYearTime({ now: () => new Date('2026-11-23T09:00:00Z') });
