import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateModelJsonSchemas } from '../src/models/model-json-schemas.js';

// Writes models/schema/*.json from the zod schemas; test/models/model-json-schemas.test.ts fails when they are stale.
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'models', 'schema');
for (const [file, text] of Object.entries(generateModelJsonSchemas())) {
  await writeFile(path.join(dir, file), text);
  console.log(`wrote models/schema/${file}`);
}
