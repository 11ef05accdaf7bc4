// Content-Range and the 200/206/416 decision (PostgREST: RangeQuery.hs).

/** `lower-upper/total`, `*` for an empty page, `*` for an unknown total. */
export function contentRange(lower: number, upper: number, total: number | null): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
  return `${range}/${total === null ? '*' : total}`;
}

/** @param pageTotal rows in this response; @param total the count, when one was requested. */
export function rangeStatus(
  offset: number,
  pageTotal: number,
  total: number | null,
): { status: number; contentRange: string } {
  const upper = offset + pageTotal - 1;
  let status = 200;
  if (total !== null) {
    if (offset > total) status = 416;
    else if (1 + upper - offset < total) status = 206;
  }
  return { status, contentRange: contentRange(offset, upper, total) };
}
