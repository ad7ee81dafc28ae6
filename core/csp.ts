/**
 * The Content-Security-Policy of the app's window, defined once: the main process sends it as a
 * response header with every page and asset it serves, and the renderer build puts the meta-tag
 * form in index.html as a fallback (for example when the page is opened outside the app's
 * protocol). Everything the renderer needs comes from its own origin; it talks to the rest of the
 * app through window.synfin (IPC), never over the network.
 */

/** Each directive with why it is set to what it is. */
export const CSP_DIRECTIVES = {
  // Anything not named below: only the app's own origin.
  'default-src': ["'self'"],
  // Bundled ES modules from the app's origin. No 'unsafe-inline' (no inline scripts, no event
  // attributes) and no 'unsafe-eval' (no eval / new Function): injected text cannot run.
  'script-src': ["'self'"],
  // Stylesheets from the app's origin only. React sets style properties through the CSSOM,
  // which CSP does not restrict, so no 'unsafe-inline' is needed.
  'style-src': ["'self'"],
  // Bundled images, plus data: URLs for small icons the build inlines.
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // No fetch, XHR, WebSocket or EventSource anywhere: data arrives over IPC.
  'connect-src': ["'none'"],
  // No plugins, no frames, no forms that post anywhere, no <base> that re-roots relative URLs.
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'form-action': ["'none'"],
  'base-uri': ["'none'"],
  // Nothing may frame the app (only honoured in the header; see CSP_META below).
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

export type CspDirective = keyof typeof CSP_DIRECTIVES;

/** Directives a <meta> CSP cannot carry: browsers ignore them there and warn in the console. */
const HEADER_ONLY: readonly CspDirective[] = ['frame-ancestors'];

const serialize = (names: readonly CspDirective[]): string =>
  names.map((name) => `${name} ${CSP_DIRECTIVES[name].join(' ')}`).join('; ');

const ALL = Object.keys(CSP_DIRECTIVES) as CspDirective[];

/** The value of the Content-Security-Policy response header. */
export const CONTENT_SECURITY_POLICY = serialize(ALL);

/** The same policy for `<meta http-equiv="Content-Security-Policy" content="…">`. */
export const CONTENT_SECURITY_POLICY_META = serialize(ALL.filter((d) => !HEADER_ONLY.includes(d)));

/** The meta tag the renderer build inserts first in <head>, before any script or stylesheet. */
export const cspMetaTag = (): string =>
  `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`;
