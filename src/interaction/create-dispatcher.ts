import { isReleaseError } from '../domain/release-error.js';
import { reportUnexpected } from './error-ref.js';
import { withLogContext } from '../logging/log-context.js';
import { HELP_INTRO, helpEntries } from './command-table.js';
import type { Intent } from './intent.js';
import type { Origin } from './origin.js';
import type { Outcome } from './outcome.js';
import { parseCommand } from './parse-command.js';
import { CurrentReleases } from './resolve-release.js';
import type { DispatcherDeps, Route, RouteTable } from './route-context.js';
import { changeRoutes } from './routes/change-routes.js';
import { formRoute } from './routes/form-route.js';
import { infoRoutes } from './routes/info-routes.js';
import { startRoutes } from './routes/start-routes.js';
import { gateRoutes } from './routes/gate-routes.js';
import { rolesRoute } from './routes/roles-route.js';
import { freezesRoute } from './routes/freezes-route.js';
import { digestRoute } from './routes/digest-route.js';
import { noopTelemetry, type Telemetry } from '../telemetry/telemetry.js';

/** The one entry point of every surface: typed commands, buttons, forms and API calls all come through here. */
export interface Dispatcher {
  dispatch(intent: Intent, origin: Origin): Promise<Outcome>;
  /** A typed line: parsed with the one grammar, then dispatched. An unknown command answers with help. */
  dispatchText(line: string, origin: Origin): Promise<Outcome>;
}

const ROUTES: RouteTable = { ...infoRoutes, ...startRoutes, ...changeRoutes, ...gateRoutes, form: formRoute, roles: rolesRoute, freezes: freezesRoute, digest: digestRoute };

/**
 * Routes each intent through the table to its use case and turns every result into a neutral outcome. Refusals
 * (the person can fix them) come back as `refused` with their reason; anything else is logged under an error
 * reference and comes back as `failed`. It never throws.
 */
export function createDispatcher(deps: DispatcherDeps & { telemetry?: Telemetry }): Dispatcher {
  const current = new CurrentReleases();
  const telemetry = deps.telemetry ?? noopTelemetry;

  /** Every answer is counted once: an action by surface, intent kind and outcome, and a refusal by its code. */
  function counted(kind: Intent['kind'] | 'unparsed', origin: Origin, outcome: Outcome): Outcome {
    const surface = origin.place.surface;
    telemetry.action({ surface, kind, outcome: outcome.kind });
    if (outcome.kind === 'refused') telemetry.refusal({ surface, kind, code: outcome.code });
    return outcome;
  }

  async function dispatch(intent: Intent, origin: Origin): Promise<Outcome> {
    const route = ROUTES[intent.kind] as Route<Intent>;
    const releaseId = 'releaseId' in intent ? intent.releaseId : undefined;
    try {
      // Every line logged about this intent names its release.
      return await withLogContext(releaseId ? { releaseId } : {}, () => route(intent, { ...deps, origin, current }));
    } catch (error) {
      if (isReleaseError(error)) return { kind: 'refused', message: error.message, code: error.code, ...(error.field ? { field: error.field } : {}) };
      const { ref, message } = reportUnexpected(error, deps.logger, { intent: intent.kind, surface: origin.place.surface, actor: origin.actor.id });
      return { kind: 'failed', ref, message };
    }
  }

  return {
    dispatch: async (intent, origin) => counted(intent.kind, origin, await dispatch(intent, origin)),
    async dispatchText(line, origin) {
      const parsed = parseCommand(line);
      if (parsed.ok) return counted(parsed.intent.kind, origin, await dispatch(parsed.intent, origin));
      if (parsed.usage) return counted('unparsed', origin, { kind: 'refused', message: parsed.message, code: 'invalid' });
      return counted('unparsed', origin, { kind: 'help', entries: helpEntries({ console: origin.place.surface === 'console' }), intro: HELP_INTRO, note: parsed.message });
    },
  };
}
