/** React side of PagedCache: one cache per component, re-rendering when pages arrive. */
import { useEffect, useRef, useState } from 'react';
import { PagedCache, type Fetch } from './paged-cache';

export function usePaged<T>(fetch: Fetch<T>): PagedCache<T> {
  // The cache lives as long as the component; the fetch it calls is always the latest one
  // (the view id changes while a view grows, and old pages stay valid).
  const fetchRef = useRef(fetch);
  useEffect(() => {
    fetchRef.current = fetch;
  });
  const [cache] = useState(() => new PagedCache<T>((from, to) => fetchRef.current(from, to)));
  // A counter bumped on each arrival re-renders the owner; React batches bursts of pages.
  const [, setVersion] = useState(0);
  useEffect(() => cache.subscribe(() => setVersion((v) => v + 1)), [cache]);
  return cache;
}
