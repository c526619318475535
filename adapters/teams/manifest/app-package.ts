/**
 * The Teams app package a Teams admin uploads: `manifest.json` (this folder's template with the bot's
 * app id and Pacta's version filled in) and the two icons, zipped flat.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zip } from './zip.ts';

/** Something the package cannot be built without; the message says what to do. */
export class PackageError extends Error {
  override readonly name = 'PackageError';
}

export type PackageOptions = {
  /** MICROSOFT_APP_ID: the Azure Bot's Microsoft App ID, also used as the Teams app id. */
  appId: string | undefined;
  /** Pacta's version (package.json), as the manifest's `version`. */
  version: string;
  /** Host names for `validDomains` (e.g. the host of the messaging endpoint). */
  domains?: readonly string[];
};

export type TeamsManifest = Record<string, unknown> & { id: string; version: string; validDomains: string[]; icons: { color: string; outline: string } };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function here(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** The manifest for `options`; throws {@link PackageError} for a missing or malformed app id or domain. */
export function buildManifest(options: PackageOptions): TeamsManifest {
  const appId = options.appId?.trim() ?? '';
  if (!appId) {
    throw new PackageError(
      'MICROSOFT_APP_ID is not set. The Teams package names the bot by its app id: set MICROSOFT_APP_ID (in the environment or .env) to the ' +
        '"Microsoft App ID" of your Azure Bot registration, then run `npm run teams:package` again.',
    );
  }
  if (!GUID.test(appId)) throw new PackageError(`MICROSOFT_APP_ID "${appId}" is not an app id: Teams expects a GUID such as 6d1c9a52-5d4b-4d2e-9a36-0f5f4a1b7c11.`);
  if (!/^\d+\.\d+\.\d+$/.test(options.version)) throw new PackageError(`version "${options.version}" is not major.minor.patch, as Teams requires.`);
  const domains = [...new Set((options.domains ?? []).map((d) => d.trim().replace(/^https?:\/\//i, '').replace(/[/:].*$/, '').toLowerCase()).filter(Boolean))];
  const bad = domains.filter((d) => !HOST.test(d));
  if (bad.length) throw new PackageError(`not a host name for validDomains: ${bad.join(', ')} (write e.g. pacta.example.com).`);
  const text = readFileSync(here('manifest.json'), 'utf8').replaceAll('{{MICROSOFT_APP_ID}}', appId.toLowerCase()).replaceAll('{{VERSION}}', options.version);
  const manifest = JSON.parse(text) as TeamsManifest;
  manifest.validDomains = domains;
  return manifest;
}

/** The zip to upload, and the manifest inside it. */
export function buildPackage(options: PackageOptions): { zip: Buffer; manifest: TeamsManifest } {
  const manifest = buildManifest(options);
  const files = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: manifest.icons.color, data: readFileSync(here(manifest.icons.color)) },
    { name: manifest.icons.outline, data: readFileSync(here(manifest.icons.outline)) },
  ];
  return { zip: zip(files), manifest };
}
