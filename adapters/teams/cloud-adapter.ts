/**
 * The Bot Framework `CloudAdapter`, authenticated from MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD,
 * MICROSOFT_APP_TYPE and MICROSOFT_APP_TENANT_ID (anonymous without an app id).
 *
 * `CloudAdapter.process(req, res, logic)` expects Express or Restify; Pacta serves plain `node:http`.
 * Instead of dressing node's request up as Express, the route authenticates and runs the activity
 * itself through the adapter's own two steps (the ones `process` performs), which also lets it tell a
 * bad token (401) from an unreachable token service (503) and keep the SDK from printing every rejected
 * request to stderr.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { TeamsConfig } from '../config.ts';

/** The authenticated identity and outbound connector factory of one inbound request. */
export type AuthenticatedRequest = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * Extra Bot Framework authentication settings (`ToBotFromChannelOpenIdMetadataUrl` and friends), as
 * `ConfigurationBotFrameworkAuthentication` names them. Production leaves them unset (Azure public
 * cloud); tests point token validation at a key server on loopback.
 */
export type AuthenticationSettings = Record<string, string | boolean>;

export class PactaCloudAdapter extends CloudAdapter {
  /**
   * Checks the request's `Authorization` header for `activity` (JWT from the Bot Connector, its
   * audience, issuer, signing key and service URL). Throws when it does not hold; anonymous mode accepts
   * everything.
   */
  authenticate(authorization: string, activity: Activity): Promise<AuthenticatedRequest> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs an authenticated activity through `logic`; resolves with the invoke response, if any. */
  run(request: AuthenticatedRequest, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(request, activity, logic);
  }
}

/** The adapter for `teams` configuration; `settings` only in tests (see {@link AuthenticationSettings}). */
export function createCloudAdapter(teams: TeamsConfig, settings: AuthenticationSettings = {}): PactaCloudAdapter {
  const credentials: Record<string, string> = {};
  if (teams.appId) {
    credentials['MicrosoftAppId'] = teams.appId;
    credentials['MicrosoftAppType'] = teams.appType;
    if (teams.appPassword) credentials['MicrosoftAppPassword'] = teams.appPassword;
    if (teams.tenantId) credentials['MicrosoftAppTenantId'] = teams.tenantId;
  }
  return new PactaCloudAdapter(new ConfigurationBotFrameworkAuthentication({ ...settings, ...credentials }));
}

/**
 * True when `err` means "this request is not authenticated" (missing, malformed, forged or expired
 * token; wrong audience or service URL), as opposed to a failure to check (key server unreachable).
 */
export function isAuthenticationFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { statusCode?: unknown; name?: unknown; message?: unknown };
  if (e.statusCode === 401 || e.statusCode === 403) return true;
  // jsonwebtoken's own errors (bad signature, expired, not yet valid) surface unwrapped.
  if (e.name === 'JsonWebTokenError' || e.name === 'TokenExpiredError' || e.name === 'NotBeforeError') return true;
  return typeof e.message === 'string' && /^unauthorized/i.test(e.message);
}
