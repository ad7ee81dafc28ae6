// Turns a failed electron-builder run into the one line `npm run dist` prints (the full output is
// kept in release/dist.log). Packaging downloads three kinds of things — Electron's headers (to
// rebuild `cap`), Electron's zip, electron-builder's own tools — and on a machine without internet
// each fails with a different stack trace; the line says which one, and what would fix it.

/** Error codes and texts by which Node, got and node-gyp report that a host could not be reached. */
const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT)\b|related to network connectivity|socket hang up/;

// eslint-disable-next-line no-control-regex -- electron-builder colours its log; the matchers want plain text.
const plain = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * @param {{ message?: string, code?: string, url?: string } | null} failure what scripts/dist-run.mjs reported of the error it caught
 * @param {string} log everything electron-builder and its helpers printed
 * @param {{ electronVersion: string, platform: string, arch: string }} ctx
 * @returns {string} one line, no stack trace
 */
export function describeDistFailure(failure, log, ctx) {
  const text = plain(log);
  const message = plain(failure?.message ?? '').split('\n')[0].trim();
  const offline = NETWORK.test(`${failure?.code ?? ''} ${message}`) || NETWORK.test(text);
  const reach = 'building installers needs internet access (or ELECTRON_MIRROR set to a reachable mirror of Electron\'s releases)';
  const host = failure?.url ? safeHost(failure.url) : (/\b(?:ENOTFOUND|EAI_AGAIN) (\S+)/.exec(text)?.[1] ?? null);
  const why = host ? `${failure?.code ?? 'unreachable'}: ${host}` : 'no network';

  if (/node-gyp failed to rebuild|@electron\/rebuild/.test(message)) {
    if (offline) return `could not download Electron ${ctx.electronVersion}'s headers to rebuild cap for Electron (${why}): building installers needs internet access`;
    const cause = lastErrorLine(text) ?? message;
    return `could not rebuild cap for Electron ${ctx.electronVersion}: ${cause} (is libpcap-dev, or Npcap's SDK on Windows, installed?)`;
  }
  if (offline) {
    const url = failure?.url ?? '';
    if (/\/electron-builder-binaries\//.test(url)) {
      const tool = /\/download\/([^/]+)\//.exec(url)?.[1] ?? 'packaging tools';
      return `could not download electron-builder's ${tool} (${why}): ${reach}`;
    }
    if (url === '' || /\/electron\/electron\/|electron-v\d/.test(url)) {
      return `could not download Electron ${ctx.electronVersion} for ${ctx.platform}-${ctx.arch} (${why}): ${reach}`;
    }
    return `could not download ${url} (${why}): ${reach}`;
  }
  return message || lastErrorLine(text) || 'electron-builder failed';
}

function safeHost(url) {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** The last line that reads like an error, for failures this file has no words for. */
function lastErrorLine(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => /^(⨯\s*\S|Error:|\w*Error:)/.test(l));
  return lines.length > 0 ? lines[lines.length - 1].replace(/^⨯\s*/, '') : null;
}
