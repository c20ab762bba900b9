import { post } from './post.js'

// The `post:` step's entry (action.yml `post:` → dist/post/index.js). A bundle
// of its own so that it loads in a few milliseconds, also after the main step
// was killed: see src/post.ts.
await post()
