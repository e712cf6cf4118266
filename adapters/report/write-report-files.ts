import { RELEASE_COLUMNS, STEP_EVENT_COLUMNS, toCsv, type FullReport } from '../../src/index.js';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Written beside the target and renamed, so a reader never sees half a report. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content, 'utf8');
  await rename(temp, file);
}

export async function writeCsvFiles(dir: string, rows: NonNullable<FullReport['rows']>): Promise<string[]> {
  const releases = path.join(dir, 'releases.csv');
  const events = path.join(dir, 'step-events.csv');
  await writeFileAtomically(releases, toCsv(RELEASE_COLUMNS, rows.releases));
  await writeFileAtomically(events, toCsv(STEP_EVENT_COLUMNS, rows.stepEvents));
  return [releases, events];
}
