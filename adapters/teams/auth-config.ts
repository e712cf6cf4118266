import { AuthType, type AuthConfiguration } from '@microsoft/agents-hosting';
import type { TeamsConfig } from '../../src/index.js';

/**
 * The SDK's auth settings from our typed config, given explicitly so the SDK does not go looking in the
 * environment. No clientId means anonymous: the SDK then accepts unsigned requests outside production.
 */
export function authConfigFor(teams: TeamsConfig): AuthConfiguration {
  if (teams.anonymous || !teams.appId) return {};
  if (teams.appType === 'UserAssignedMSI') {
    return { clientId: teams.appId, ...(teams.tenantId ? { tenantId: teams.tenantId } : {}), authType: AuthType.UserManagedIdentity };
  }
  return {
    clientId: teams.appId,
    ...(teams.appPassword ? { clientSecret: teams.appPassword } : {}),
    // A multi-tenant bot gets its tokens from the botframework.com tenant, the SDK's default without tenantId.
    ...(teams.appType === 'SingleTenant' && teams.tenantId ? { tenantId: teams.tenantId } : {}),
    authType: AuthType.ClientSecret,
  };
}
