/** What "Load older" needs of a paged history query (react-query's infinite query). */
interface PagedQuery {
  readonly hasNextPage: boolean;
  readonly isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
}

/** The button that fetches the next, older page of a history list; nothing when there is none. */
export function LoadOlder({ query }: { readonly query: PagedQuery }) {
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      className="gm-button gm-button--small"
      disabled={query.isFetchingNextPage}
      onClick={() => void query.fetchNextPage()}
    >
      {query.isFetchingNextPage ? 'Loading…' : 'Load older'}
    </button>
  );
}
