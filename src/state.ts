/** Names of values the main step saves for the `post:` step. */
export const State = {
  isPost: 'isPost',
  dockerConfig: 'dockerConfig'
} as const
