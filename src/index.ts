import { earlyStart } from './early-start.js';

// The first request goes out before the rest of the action is loaded (a chunk of its own), so its
// round trip overlaps loading the code: README, "Performance".
const early = earlyStart();
// on the wire first: loading the rest blocks the event loop, which would hold back the connection
await early?.sent;
const { run } = await import('./main.js');
await run(early);
