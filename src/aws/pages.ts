/**
 * Every page of a listing whose SDK package has no paginators
 * (@aws-sdk/client-eventbridge ships none): `fetch` gets the previous page's
 * token, undefined first, until a page comes back without one. Where a
 * package has `paginateX` functions, call sites use those instead.
 */
export async function* pagesOf<T>(
  fetch: (token: string | undefined) => Promise<T>,
  nextToken: (page: T) => string | undefined
): AsyncGenerator<T, void, undefined> {
  let token: string | undefined
  do {
    const page = await fetch(token)
    yield page
    token = nextToken(page)
  } while (token)
}
