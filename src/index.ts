import { run } from './main.js'

// The main step's entry (dist/index.js); the `post:` step has its own,
// src/post-entry.ts.
await run()
