import { codedError } from "@shop/bff-kit";

/** The most items one connection page may ask for. */
export const MAX_PAGE = 50;
/** The most items one list RPC returns (the contracts' page_size limit). */
const SERVICE_MAX_PAGE = 100;

/** One page of a list RPC with opaque page tokens. */
export interface ServicePage<T> {
  readonly items: readonly T[];
  /** Empty when there is nothing after this page. */
  readonly nextPageToken: string;
}

/**
 * The arguments of every connection of this schema: forward only. Relay's `last`/`before` are not
 * offered because the list RPCs page forward with opaque tokens; a page before a cursor could only
 * be found by listing from the start, one RPC per page.
 */
export interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

/** What a Pothos connection resolver returns. */
export interface ConnectionResult<T> {
  readonly edges: { readonly cursor: string; readonly node: T }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly hasPreviousPage: boolean; readonly startCursor: string | null; readonly endCursor: string | null };
}

// A cursor names a service page token and the index of an item within the page it starts: the
// next page starts after that item. The last edge of a page points at the service's next token
// with index -1, so cursors never grow and no call asks for more than the service allows.
const encodeCursor = (token: string, index: number): string => Buffer.from(JSON.stringify([token, index]), "utf8").toString("base64url");

function decodeCursor(cursor: string): { token: string; index: number } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && Number.isInteger(value[1]) && value[1] >= -1 && value[1] < SERVICE_MAX_PAGE - 1) {
      return { token: value[0], index: value[1] as number };
    }
  } catch {
    // fall through
  }
  throw codedError("BAD_USER_INPUT", { message: "`after` is not a cursor from this connection.", extensions: { violations: [{ field: "after", description: "not a cursor from this connection" }] } });
}

/**
 * Forward Relay paging over a list RPC: `fetch(pageToken, pageSize)` is called once per connection
 * field. `first` must be 1 to {@link MAX_PAGE}.
 */
export async function pageThrough<T>(
  args: ConnectionArgs,
  defaultFirst: number,
  fetch: (pageToken: string, pageSize: number) => Promise<ServicePage<T>>,
): Promise<ConnectionResult<T>> {
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw codedError("BAD_USER_INPUT", { message: `\`first\` must be 1 to ${MAX_PAGE}.`, extensions: { violations: [{ field: "first", description: `1 to ${MAX_PAGE}` }] } });
  }
  const { token, index } = args.after ? decodeCursor(args.after) : { token: "", index: -1 };
  const skip = index + 1;
  // Deep cursors inside one service page can shorten this page (never below one item).
  const size = Math.min(skip + first, SERVICE_MAX_PAGE);
  const page = await fetch(token, size);
  const items = page.items.slice(skip, size);
  const hasNextPage = page.nextPageToken !== "" || page.items.length > size;
  const edges = items.map((node, i) => {
    const last = i === items.length - 1;
    const cursor = last && page.nextPageToken !== "" && page.items.length === size
      ? encodeCursor(page.nextPageToken, -1)
      : encodeCursor(token, skip + i);
    return { cursor, node };
  });
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: skip > 0 || token !== "", startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
