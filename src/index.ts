import * as core from '@actions/core'
import { run } from './main.js'
import { post } from './post.js'
import { State } from './state.js'

// One bundle serves `main:` and `post:`; the main step marks its state so the
// runner's second invocation knows it is the post step.
if (core.getState(State.isPost) === 'true') await post()
else await run()
