/**
 * Regenerates emulator/models/<service>.json from the official botocore models in
 * ../shared/aws-models/botocore (or the folder given as the first argument).
 *   npm run models:sync [-- <botocore dir>]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { MODEL_SOURCES, trimModel } from '../emulator/model/trim.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const botocoreDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'aws-models', 'botocore'));

for (const source of MODEL_SOURCES) {
  const text = trimModel(source, botocoreDir);
  const out = join(root, 'emulator', 'models', `${source.service}.json`);
  writeFileSync(out, text);
  const model = JSON.parse(text) as { operations: object; shapes: object };
  console.log(
    `${source.service}: ${Object.keys(model.operations).length} operations, ${Object.keys(model.shapes).length} shapes → ${out}`,
  );
}
