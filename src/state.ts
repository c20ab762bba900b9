/** Names of values the main step saves for the `post:` step. */
export const State = {
  dockerConfig: 'dockerConfig'
} as const
