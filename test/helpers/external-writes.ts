// Another process's commit (SQLite) is seen by requests that start more than
// EXTERNAL_WRITES_BOUND_MS after it (core/scheduling/changes.ts): tests that write through a
// second connection wait that long (elapsed time, not the time of day) before reading.
import { EXTERNAL_WRITES_BOUND_MS } from '../../src/core/scheduling/changes.js';

export const pastExternalWritesBound = () =>
  new Promise<void>((resolve) => setTimeout(resolve, EXTERNAL_WRITES_BOUND_MS + 1));
