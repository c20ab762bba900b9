/** Names of values the main step saves for the `post:` step. */
export const State = {
  dockerConfig: 'dockerConfig',
  /** The token in the docker config's marker file: the post step removes only a directory holding it. */
  dockerConfigMarker: 'dockerConfigMarker'
} as const
