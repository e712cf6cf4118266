/** Why the store refused to open. Startup stops and prints `message`, which says what to do. */
export class StoreOpenError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The file cannot be parsed, migrated or validated. `problems` are "path: what is wrong" lines. */
export class StoreCorruptError extends StoreOpenError {
  constructor(
    file: string,
    readonly problems: string[],
    advice = 'The file was left exactly as it was. Restore it from a backup, or move it away to start with an empty store.',
  ) {
    const shown = problems.slice(0, 5).map((p) => `  ${file}: ${p}`);
    if (problems.length > shown.length) shown.push(`  … and ${problems.length - shown.length} more problems`);
    super(`The release store cannot be opened: ${file} is not valid.\n${shown.join('\n')}\n${advice}`, file);
  }
}

/** The file was written by a newer version of the bot. */
export class StoreVersionError extends StoreOpenError {
  constructor(file: string, found: number, known: number) {
    super(
      `The release store cannot be opened: ${file} has schemaVersion ${found}, but this version of Release Bot only knows up to ${known}. ` +
        'Upgrade Release Bot, or restore a backup made by this version. The file was left exactly as it was.',
      file,
    );
  }
}

/** `update` on an id that is not in the hot set (unknown, or already archived). */
export class UnknownReleaseError extends Error {
  constructor(readonly releaseId: string) {
    super(`Release ${releaseId} is not an active release in the store (it is unknown or archived).`);
    this.name = 'UnknownReleaseError';
  }
}

/** A change or a built release that does not satisfy the release schema; nothing was written. */
export class InvalidReleaseError extends Error {
  constructor(
    readonly releaseId: string,
    readonly problems: string[],
  ) {
    super(`Refused to store release ${releaseId}: ${problems.slice(0, 3).join('; ')}`);
    this.name = 'InvalidReleaseError';
  }
}

/** A call on a store after `close()`. */
export class StoreClosedError extends Error {
  constructor() {
    super('The release store is closed.');
    this.name = 'StoreClosedError';
  }
}

/** Only closed or cancelled releases leave the hot set. */
export class NotArchivableError extends Error {
  constructor(
    readonly releaseId: string,
    readonly status: string,
  ) {
    super(`Release ${releaseId} is ${status}; only closed or cancelled releases can be archived.`);
    this.name = 'NotArchivableError';
  }
}

/**
 * Another running bot holds the data directory: two writers would overwrite each other's changes. The embedded store
 * is for one instance, so the message says how to run several.
 */
export class StoreLockedError extends StoreOpenError {
  constructor(file: string, holder: string) {
    super(
      `The release store cannot be opened: ${holder} holds DATA_DIR (lock file ${file}). ` +
        'One DATA_DIR serves one instance; to run several instances, give them a PostgreSQL database with DATABASE_URL. ' +
        'If no other Release Bot is running, delete the lock file and start again.',
      file,
    );
  }
}

/** A write on a store opened with `readOnly` (reports). */
export class StoreReadOnlyError extends Error {
  constructor() {
    super('The release store was opened read-only.');
    this.name = 'StoreReadOnlyError';
  }
}
