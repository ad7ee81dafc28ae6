/**
 * What every e2e file needs: the real host (skipped with a message while electron/host/host.ts
 * has not landed), Chromium and the built renderer, and corpus files (skipped when absent).
 */
import { loadHost, haveChromium, haveFile, type HostFactory } from './harness';

export const host: HostFactory | null = await loadHost();

/** Why a suite cannot run here, or null when it can. */
export function skipReason(...files: string[]): string | null {
  if (!host) return 'electron/host/host.ts (createHost) has not landed: e2e tests need the real host';
  if (!haveChromium()) return 'needs /usr/bin/chromium and a built renderer (npm run build)';
  const missing = files.filter((f) => !haveFile(f));
  if (missing.length) return `corpus file absent: ${missing.join(', ')}`;
  return null;
}

export function announceSkip(suite: string, reason: string | null): boolean {
  if (reason) console.warn(`[e2e] ${suite} skipped: ${reason}`);
  return reason !== null;
}
