/**
 * The action's upload as its own process, for the bench: hash the build (the validate phase), then
 * upload it (HeadObject, multipart). Bundled with ncc like the action, so its memory is the action's.
 * Usage: node upload-child.js FILE BUCKET KEY (endpoint and credentials from the environment).
 * Prints one JSON line: { skipped, ms, hashMs, uploadMs }.
 */
import { createClients } from '../../src/aws/clients.js';
import { inspectArtifact } from '../../src/pipeline/artifact.js';
import { uploadArtifact } from '../../src/msf/upload.js';

const [file, bucket, key] = process.argv.slice(2);
if (!file || !bucket || !key) throw new Error('usage: upload-child FILE BUCKET KEY');
const started = performance.now();
const clients = createClients();
const artifact = await inspectArtifact(file, 'bench-app');
const hashed = performance.now();
const result = await uploadArtifact(
  { s3: clients.s3, application: 'bench-app', progress: () => undefined },
  artifact,
  bucket,
  key,
);
clients.s3.destroy();
const ended = performance.now();
console.log(
  JSON.stringify({
    skipped: result.skipped,
    ms: ended - started,
    hashMs: hashed - started,
    uploadMs: ended - hashed,
  }),
);
