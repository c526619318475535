import { BadArgumentError } from '../../src/errors.ts';
import { echo } from './echo.ts';

/** Words that mean something else where a service key is expected (`subscribe all`). */
const RESERVED = new Set(['all']);

const EXAMPLE = 'e.g. payments or card-api';

/**
 * Parses a service key: the short name commands refer to a service by. 2–40 characters, letters, digits,
 * `-` and `_`, starting with a letter or digit. Upper case is folded to lower case (`Payments` →
 * `payments`) so a key is never ambiguous in chat. `all` is reserved.
 *
 * Throws `BadArgumentError` saying which rule was broken.
 */
export function parseServiceKey(input: string): string {
  const key = input.trim().toLowerCase();
  const shown = echo(input);
  if (key === '') throw new BadArgumentError(`Missing service key: name the service, ${EXAMPLE}.`);
  if (/\s/.test(key)) {
    throw new BadArgumentError(
      `A service key is one word, ${EXAMPLE}, not "${shown}". A display name goes in quotes after it: ` +
        `service add payments "Payments API".`,
    );
  }
  if (!/^[a-z0-9]/.test(key)) {
    throw new BadArgumentError(`A service key must start with a letter or digit, ${EXAMPLE}, not "${shown}".`);
  }
  const bad = /[^a-z0-9_-]/u.exec(key);
  if (bad) {
    throw new BadArgumentError(
      `A service key may contain only letters, digits, - and _; "${shown}" contains "${bad[0]}". Try ${EXAMPLE}.`,
    );
  }
  if (key.length < 2) throw new BadArgumentError(`A service key needs at least 2 characters, ${EXAMPLE}.`);
  if (key.length > 40) throw new BadArgumentError(`A service key has at most 40 characters; "${shown}" has ${key.length}.`);
  if (RESERVED.has(key)) {
    throw new BadArgumentError(`"${key}" is reserved (it means every service); pick another key, ${EXAMPLE}.`);
  }
  return key;
}
