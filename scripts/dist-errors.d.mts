export function describeDistFailure(
  failure: { message?: string; code?: string; url?: string } | null,
  log: string,
  ctx: { electronVersion: string; platform: string; arch: string },
): string;
