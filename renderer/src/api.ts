/** The one way the renderer reaches the rest of the app: `window.synfin`, exactly core/api.ts. */
import type { SynfinApi } from '../../core/api';

declare global {
  interface Window {
    synfin?: SynfinApi;
  }
}

/** The contract object; null when the page runs without the preload (opened in a plain browser). */
export const synfin: SynfinApi | null = window.synfin ?? null;

export function api(): SynfinApi {
  if (!synfin) throw new Error('window.synfin is missing: the renderer runs only inside Synfin');
  return synfin;
}
