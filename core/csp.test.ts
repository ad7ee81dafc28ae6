import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META, cspMetaTag } from './csp';

/** Parses a policy the way a browser does: directives split on ';', name then sources on whitespace. */
function parse(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(out.has(name), `directive ${name} appears twice (browsers ignore the second)`).toBe(false);
    out.set(name.toLowerCase(), sources);
  }
  return out;
}

const header = parse(CONTENT_SECURITY_POLICY);

describe('the window Content-Security-Policy', () => {
  it('limits everything by default to the app origin', () => {
    expect(header.get('default-src')).toEqual(["'self'"]);
  });

  it('runs only scripts from the app origin: no inline scripts, no eval', () => {
    expect(header.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval|hashes)|wasm-unsafe-eval|strict-dynamic/);
  });

  it('loads stylesheets only from the app origin', () => {
    expect(header.get('style-src')).toEqual(["'self'"]);
  });

  it('allows images from the app origin and data: URLs only', () => {
    expect(header.get('img-src')).toEqual(["'self'", 'data:']);
  });

  it('allows no network connections at all (data arrives over IPC)', () => {
    expect(header.get('connect-src')).toEqual(["'none'"]);
  });

  it('forbids plugins, frames, <base> and form posts, and being framed', () => {
    expect(header.get('object-src')).toEqual(["'none'"]);
    expect(header.get('frame-src')).toEqual(["'none'"]);
    expect(header.get('base-uri')).toEqual(["'none'"]);
    expect(header.get('form-action')).toEqual(["'none'"]);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('names no host, scheme wildcard or http(s) source anywhere', () => {
    for (const [name, sources] of header) {
      for (const s of sources) expect(["'self'", "'none'", 'data:'], `${name} ${s}`).toContain(s);
    }
  });

  it('gives the meta tag the same policy without frame-ancestors, which meta tags cannot carry', () => {
    const meta = parse(CONTENT_SECURITY_POLICY_META);
    expect(meta.has('frame-ancestors')).toBe(false);
    const rest = new Map([...header].filter(([name]) => name !== 'frame-ancestors'));
    expect(meta).toEqual(rest);
    expect(cspMetaTag()).toBe(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`);
    // The content attribute is double-quoted: the policy itself must not contain a double quote.
    expect(CONTENT_SECURITY_POLICY_META).not.toContain('"');
  });
});
