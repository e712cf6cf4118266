/**
 * The one door adapters import from. Everything a surface needs to translate its platform's input into intents and
 * to draw the core's neutral outcomes is here; nothing else under src/ is imported from adapters/.
 */
export { startCore, type Core, type ReleaseReads } from './start-core.js';
export { readConfig, ConfigError } from './config/read-config.js';
export { loadDotEnv } from './config/load-dot-env.js';
export type { Config, SlackConfig, TeamsConfig } from './config/config.js';
export { createLogger, consoleModeLogger, silentLogger, type Logger, type LogLevel } from './logging/logger.js';
export { withLogContext, type LogContext } from './logging/log-context.js';
export { systemClock, type Clock } from './domain/clock.js';

// Telemetry and readiness: the core reports through a port; adapters/ops exposes it to Prometheus.
export { noopTelemetry, elapsedMs, type Telemetry, type StoreWriteOp, type TelemetryReminderKind } from './telemetry/telemetry.js';
export type { Readiness } from './telemetry/readiness.js';

// Interaction: intents in, outcomes out, changes announced.
export type { Intent, IntentKind, PersonRef, FormKind } from './interaction/intent.js';
export type { Origin, Place } from './interaction/origin.js';
export type { Outcome, OutcomeKind } from './interaction/outcome.js';
export type { Dispatcher } from './interaction/create-dispatcher.js';
export { ChangeNotifier, type ChangeEvent, type ChangeKind, type ChangeListener } from './interaction/change-notifier.js';
export { RenderCoalescer, type Render } from './interaction/render-coalescer.js';
export type { RenderLedger } from './storage/render-ledger.js';
export type { DeliveryLedger } from './storage/delivery-ledger.js';
export { COMMANDS, HELP_INTRO, helpEntries, type CommandSpec } from './interaction/command-table.js';
export { reportUnexpected } from './interaction/error-ref.js';
export { TtlCache } from './interaction/ttl-cache.js';
export { StartConversation, type ConversationStep, type AnswerError } from './interaction/start-conversation.js';

// Domain values surfaces draw or check payloads against.
export type { Actor } from './domain/actor.js';
export { localActor } from './domain/local-actor.js';
export { phrase, person, phraseText, renderPhrase, type Phrase } from './domain/phrase.js';
export { releaseIdSchema } from './domain/release-id.js';
export { OUTCOMES, isTerminal, type Release, type ChatLocation, type Surface, type OutcomeResult, type ReleaseStatus } from './domain/release-schema.js';
export { OUTCOME_LABELS } from './domain/outcome-labels.js';
export { TEAM_ROLES, TEAM_ROLE_LABELS, type TeamRole } from './domain/team-roles.js';
export { TEXT_LIMITS, MAX_ELS_INCIDENTS } from './domain/text-limits.js';
export type { ReleaseErrorCode } from './domain/release-error.js';
export type { StepAction, ReleaseAction } from './domain/step-action.js';
export type { Phase } from './domain/phases.js';
export { formatTime, type TimeStyle } from './format/format-time.js';

// What outcomes carry.
export type { ChecklistView, GateView, PhaseView, StepView } from './view/checklist-view.js';
export { splitChecklist, type ChecklistPart } from './view/split-checklist.js';
export type { ReleaseModel } from './models/model-schema.js';
export type { DescribedModel } from './models/describe-model-rules.js';
export type { Question, Answers } from './models/questions-schema.js';
export type { ClassificationResult } from './models/classification-result.js';
export type { ReleaseService } from './app/release-service.js';
export type { ReportService, ReportSummary, ReportPeriod } from './report/report-service.js';
export type { ReminderMessage, ReminderSender } from './scheduler/reminder-message.js';
export type { Digest, DigestRelease, DigestStep } from './digest/digest.js';
export { formatReportText } from './report/format-report-text.js';

// The stand-alone report reads the store and the full report.
export { openLowdbStore } from './storage/open-lowdb-store.js';
export { openReleasesForReading } from './storage/open-stores.js';
export { loadCatalog } from './models/load-catalog.js';

// The pipeline API and its token CLI.
export type { TokenAuthority, TokenIdentity } from './tokens/token-authority.js';
export { createToken, listTokens, revokeToken, parseScope, TokenAdminError, type TokenListing, type TokenHome } from './tokens/token-admin.js';
export { openTokenRegistry } from './tokens/open-token-registry.js';
export type { TokenRegistry, StoredToken } from './tokens/token-registry.js';
// Moving a lowdb store into PostgreSQL (npm run store:migrate).
export { migrateStore, StoreMoveError, type StoreMoveReport } from './storage/migrate-store.js';
export type { IdempotencyStore, StoredAnswer } from './storage/idempotency-store.js';
export { pipelineActor, isPipeline } from './domain/actor.js';
export { DEPLOYMENT_STATUSES, type DeploymentStatus } from './domain/release-schema.js';
export type { EvidenceInput } from './interaction/intent.js';
export type { ReleaseStore } from './storage/release-store.js';
export { createReportService } from './report/create-report-service.js';
export type { FullReport } from './report/full-report.js';
export type { Figures } from './report/figures.js';
export type { ModelMetrics } from './report/compute-metrics.js';
export { RELEASE_COLUMNS, STEP_EVENT_COLUMNS } from './report/csv-rows.js';
export { toCsv } from './report/to-csv.js';
export { decimalText, durationText, frequencyText, moneyText, percent, ratioText } from './report/format-figures.js';
