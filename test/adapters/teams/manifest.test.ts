/**
 * What a Teams admin uploads: the manifest, the icons, and the package `npm run teams:package` builds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/registry.ts';
import { findByName } from '../../../commands/spec.ts';
import { buildManifest, buildPackage, PackageError } from '../../../adapters/teams/manifest/app-package.ts';
import { ACCENT, colorIcon, outlineIcon } from '../../../adapters/teams/manifest/icons.ts';
import { readPng, readZip } from './files.ts';

const dir = new URL('../../../adapters/teams/manifest/', import.meta.url);
type Manifest = {
  $schema: string;
  manifestVersion: string;
  id: string;
  version: string;
  developer: Record<string, string>;
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: Record<string, string>;
  accentColor: string;
  validDomains: string[];
  bots: Array<{ botId: string; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }> } & Record<string, unknown>>;
};
const template = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Manifest;
const APP_ID = '6d1c9a52-5d4b-4d2e-9a36-0f5f4a1b7c11';
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('the Teams app manifest', () => {
  it('uses schema 1.19 with the fields Teams requires, within their limits', () => {
    expect(template['$schema']).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json');
    expect(template['manifestVersion']).toBe('1.19');
    expect(template['developer']).toEqual({ name: expect.any(String), websiteUrl: expect.stringMatching(/^https:\/\//), privacyUrl: expect.stringMatching(/^https:\/\//), termsOfUseUrl: expect.stringMatching(/^https:\/\//) });
    expect(template['name'].short.length).toBeLessThanOrEqual(30);
    expect(template['name'].full.length).toBeLessThanOrEqual(100);
    expect(template['description'].short.length).toBeLessThanOrEqual(80);
    expect(template['description'].full.length).toBeLessThanOrEqual(4000);
    expect(template['accentColor']).toBe(ACCENT);
    expect(template['icons']).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('declares one conversational bot in personal, team and group chat scopes, named by the app id', () => {
    expect(template['id']).toBe('{{MICROSOFT_APP_ID}}');
    expect(template['bots']).toHaveLength(1);
    expect(template['bots'][0]!).toMatchObject({ botId: '{{MICROSOFT_APP_ID}}', scopes: ['personal', 'team', 'groupChat'], isNotificationOnly: false, supportsFiles: false });
  });

  it('lists the main commands, each one Pacta knows, within Teams limits', () => {
    const [list] = template['bots'][0]!.commandLists;
    expect(list!.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(list!.commands.length).toBeLessThanOrEqual(10);
    expect(list!.commands.map((c) => c.title)).toEqual(expect.arrayContaining(['help', 'status', 'open', 'ack', 'resolve']));
    for (const c of list!.commands) {
      expect(findByName(COMMANDS, c.title), c.title).toBeDefined();
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
  });
});

describe('the icons', () => {
  it('color.png is a 192×192 opaque PNG: the drawing make-icons makes', () => {
    const png = readPng(readFileSync(new URL('color.png', dir)));
    expect([png.width, png.height]).toEqual([192, 192]);
    for (let i = 3; i < png.pixels.length; i += 4) expect(png.pixels[i]).toBe(255);
    expect(png.pixels.equals(Buffer.from(colorIcon().data))).toBe(true);
  });

  it('outline.png is 32×32, white on transparent only: the drawing make-icons makes', () => {
    const png = readPng(readFileSync(new URL('outline.png', dir)));
    expect([png.width, png.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < png.pixels.length; i += 4) {
      const [r, g, b, a] = png.pixels.subarray(i, i + 4);
      if (a === 0) expect([r, g, b]).toEqual([0, 0, 0]);
      else expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    // A visible symbol, with room around it (Teams wants the symbol inside a transparent border).
    expect(opaque).toBeGreaterThan(100);
    for (let x = 0; x < 32; x++) expect(png.pixels[x * 4 + 3]).toBe(0);
    expect(png.pixels.equals(Buffer.from(outlineIcon().data))).toBe(true);
  });
});

describe('npm run teams:package', () => {
  it('zips manifest.json (app id and version filled in) and both icons at the root', () => {
    const { zip } = buildPackage({ appId: APP_ID.toUpperCase(), version: VERSION, domains: ['https://Pacta.Example.com/api/messages'] });
    const files = readZip(zip);
    expect(files.map((f) => f.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(files[0]!.data.toString('utf8')) as Manifest;
    expect(manifest['id']).toBe(APP_ID);
    expect(manifest['bots'][0]!.botId).toBe(APP_ID);
    expect(manifest['version']).toBe(VERSION);
    expect(manifest['validDomains']).toEqual(['pacta.example.com']);
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(files[1]!.data.equals(readFileSync(new URL('color.png', dir)))).toBe(true);
    expect(files[2]!.data.equals(readFileSync(new URL('outline.png', dir)))).toBe(true);
    expect(files.every((f) => f.mode === 0o100644)).toBe(true);
    // Same inputs, same bytes: no timestamps inside.
    expect(buildPackage({ appId: APP_ID, version: VERSION, domains: ['pacta.example.com'] }).zip.equals(zip)).toBe(true);
  });

  it('fails clearly without an app id, or with one that is not a GUID, or with a bad domain', () => {
    expect(() => buildManifest({ appId: undefined, version: VERSION })).toThrow(PackageError);
    expect(() => buildManifest({ appId: '  ', version: VERSION })).toThrow(/MICROSOFT_APP_ID is not set.*Azure Bot registration/);
    expect(() => buildManifest({ appId: 'pacta-bot', version: VERSION })).toThrow(/not an app id: Teams expects a GUID/);
    expect(() => buildManifest({ appId: APP_ID, version: VERSION, domains: ['not a host'] })).toThrow(/not a host name for validDomains/);
  });
});
