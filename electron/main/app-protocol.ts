/**
 * The renderer is served from a privileged custom scheme, `app://synfin/`, rather than file://:
 *
 * - It is a real origin. CSP 'self', the IPC sender check and the navigation rules all compare
 *   against exactly `app://synfin`; under file:// every local file would share the page's
 *   (opaque) origin and 'self' would mean "anything on disk".
 * - ES module scripts load: module fetches are CORS-mode, which file:// (origin "null") does not
 *   satisfy in Chromium; a standard, secure scheme is same-origin with its own assets.
 * - `standard` gives the page web storage (the renderer keeps theme and filter history in
 *   localStorage); `secure` makes it a secure context like https. `corsEnabled` is left off, so no
 *   other origin can read these responses, and `supportFetchAPI` is off because CSP forbids fetch.
 * - The handler serves only files under dist/renderer, with the CSP header on every response
 *   (session.webRequest header hooks do not run for custom schemes: electron/electron#6021).
 * - Packaging can turn off Electron's GrantFileProtocolExtraPrivileges fuse: nothing uses file://.
 *
 * Everything here is plain Node so that tests serve real files with it.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../core/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'synfin';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The one page of the app. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false },
} as const;

/** True for URLs of the app's own origin (any path): the page and its assets. */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // URL parsing lower-cases the host of a standard scheme only; compare the whole origin text.
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** Module scripts are refused unless served with a JavaScript MIME type (strict MIME checking). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeFor = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * The file under `root` that an app:// URL names, or null when it names none: another origin,
 * a path that climbs out of `root`, an encoded NUL or separator trick, a malformed escape.
 */
export function resolveAppAsset(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // The WHATWG parser has already resolved "." and ".." segments of the raw path; what is left to
  // refuse is what decoding brings back: "%2e%2e", "%2f", backslashes (Windows separators), NUL.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.')) return null;
  const relative = parts.length === 0 ? 'index.html' : parts.join('/');
  const base = resolve(root);
  const file = resolve(join(base, relative));
  return file.startsWith(base + sep) ? file : null;
}

/** Headers of every response the app serves. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    // The MIME type above is the truth: never let the renderer guess another.
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** Answers one app:// request: the file with its headers, 404 for anything else, 405 for non-GET. */
export async function serveAppRequest(root: string, request: { url: string; method: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const file = resolveAppAsset(root, request.url);
  if (file === null) return new Response(null, { status: 404 });
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return new Response(null, { status: 404 });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: appResponseHeaders(file) });
}
