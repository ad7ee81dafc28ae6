import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../core/csp';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, contentTypeFor, isAppUrl, resolveAppAsset, serveAppRequest } from './app-protocol';

// A real renderer build layout, with a secret beside it that no URL may reach.
const base = mkdtempSync(join(tmpdir(), 'synfin-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./assets/index.js"></script>');
writeFileSync(join(root, 'assets', 'index.js'), 'export const x = 1;');
writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
writeFileSync(join(root, 'assets', 'my file.js'), '1');
writeFileSync(join(base, 'secret.txt'), 'not for the page');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// URLs', () => {
  it('recognises the app origin and nothing that only looks like it', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://synfin/assets/index.js?v=1#x')).toBe(true);
    for (const url of [
      'app://synfin.evil.com/index.html', 'app://evil/index.html', 'app://synfin:8080/index.html',
      'app://user@synfin/index.html', 'https://synfin/index.html', 'file:///index.html',
      'synfin/index.html', 'app:synfin/index.html', '', 'not a url',
    ]) expect(isAppUrl(url), url).toBe(false);
  });

  it('registers a standard, secure scheme that other origins cannot read', () => {
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, corsEnabled: false, supportFetchAPI: false });
  });
});

describe('resolving app:// URLs to files under the renderer folder', () => {
  it('maps the entry page and assets into the folder', () => {
    expect(resolveAppAsset(root, APP_ENTRY_URL)).toBe(resolve(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://synfin/')).toBe(resolve(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://synfin/assets/index.js?x=1#y')).toBe(resolve(root, 'assets', 'index.js'));
    expect(resolveAppAsset(root, 'app://synfin/assets/my%20file.js')).toBe(resolve(root, 'assets', 'my file.js'));
  });

  it('never leaves the folder, however the path is spelled', () => {
    for (const url of [
      'app://synfin/../secret.txt',
      'app://synfin/assets/../../secret.txt',
      'app://synfin/%2e%2e/secret.txt',
      'app://synfin/assets/%2E%2E/%2E%2E/secret.txt',
      'app://synfin/..%2fsecret.txt',
      'app://synfin/assets%2f..%2f..%2fsecret.txt',
      'app://synfin/..%5csecret.txt',
      'app://synfin/assets\\..\\..\\secret.txt',
      'app://synfin/index.html%00.js',
      'app://synfin/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const file = resolveAppAsset(root, url);
      expect(file === null || file.startsWith(resolve(root) + '/'), `${url} → ${file}`).toBe(true);
      expect(file, url).not.toBe(resolve(base, 'secret.txt'));
    }
    expect(resolveAppAsset(root, 'app://synfin/..%2fsecret.txt')).toBeNull();
    expect(resolveAppAsset(root, 'app://synfin/index.html%00.js')).toBeNull();
  });

  it('gives module scripts a JavaScript MIME type (strict MIME checking refuses others)', () => {
    expect(contentTypeFor('a/index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x.MJS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('x.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });
});

describe('serving app:// requests', () => {
  it('serves the page with the CSP header, its type and nosniff', async () => {
    const res = await serveAppRequest(root, { url: APP_ENTRY_URL, method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('type="module"');
  });

  it('serves a module script with its bytes and the CSP header', async () => {
    const res = await serveAppRequest(root, { url: 'app://synfin/assets/index.js', method: 'GET' });
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('export const x = 1;');
  });

  it('answers 404 for missing files, folders and escapes, 405 for other methods', async () => {
    expect((await serveAppRequest(root, { url: 'app://synfin/assets/none.js', method: 'GET' })).status).toBe(404);
    expect((await serveAppRequest(root, { url: 'app://synfin/assets', method: 'GET' })).status).toBe(404);
    expect((await serveAppRequest(root, { url: 'app://synfin/%2e%2e/secret.txt', method: 'GET' })).status).toBe(404);
    expect((await serveAppRequest(root, { url: APP_ENTRY_URL, method: 'POST' })).status).toBe(405);
  });
});
