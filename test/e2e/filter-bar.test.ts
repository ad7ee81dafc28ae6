/**
 * The display-filter box: checked as you type (red with the host's message and the error's
 * characters underlined, green when valid), applied on Enter to both the packet list and the
 * connection table, and remembered across restarts (dropdown, Up key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, launchApp, type App } from './harness';
import { announceSkip, host, skipReason } from './setup';

const FILE = corpusFile('pcapplusplus/three_http_streams.pcap');
const skip = announceSkip('filter-bar', skipReason(FILE));

describe.skipIf(skip)('the display filter bar', () => {
  let app: App;
  const input = () => app.page.getByRole('textbox', { name: 'Display filter' });
  beforeAll(async () => {
    app = await launchApp({ createHost: host!, dialogFile: FILE });
    await app.page.waitForSelector('.start-screen');
    await app.openFile(FILE);
    await app.page.waitForSelector('.crow[data-stream]');
    await app.whenRead();
  });
  afterAll(async () => app?.close());

  it('turns red with the host’s message and underlines the characters it is about', async () => {
    const text = 'tcp.flgs == 1';
    const check = await app.host.checkFilter(text);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    await input().fill(text);
    const field = app.page.locator('.filter-field');
    await expect.poll(() => field.getAttribute('class')).toContain('tone-bad');
    await expect.poll(() => app.page.locator('#filter-message').textContent()).toBe(check.message);
    expect(await app.page.locator('.filter-error-range').textContent()).toBe(text.slice(check.start, Math.max(check.end, check.start + 1)));
    expect(await input().getAttribute('aria-invalid')).toBe('true');
    await app.screenshot('10-filter-error');
    // Enter does not apply a filter known to be bad.
    const before = await app.page.getByTestId('status-displayed').textContent();
    await input().press('Enter');
    expect(await app.page.getByTestId('status-displayed').textContent()).toBe(before);
  });

  it('turns green for a valid filter and applies it on Enter to packets and connections', async () => {
    const text = 'tcp.stream == 1';
    await input().fill(text);
    await expect.poll(() => app.page.locator('.filter-field').getAttribute('class')).toContain('tone-good');
    await input().press('Enter');
    const view = await app.host.setView({ filter: text, stream: null });
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    await expect.poll(() => app.page.getByTestId('status-displayed').textContent()).toContain(`Displayed: ${view.value.count}`);
    await expect.poll(() => app.page.locator('.crow[data-stream]').count()).toBe(view.value.connectionCount);
    await expect.poll(() => app.page.locator('.crow[data-stream]').first().getAttribute('data-stream')).toBe('1');
    const [firstRow] = await app.host.rows(view.value.viewId, 0, 1);
    await expect.poll(() => app.page.locator('.prow[data-frame]').first().getAttribute('data-frame')).toBe(String(firstRow!.frame));
    expect(await app.page.locator('.prow[data-frame]').count()).toBeLessThanOrEqual(view.value.count);
    await app.screenshot('11-filter-applied');
  });

  it('keeps a history that survives a restart: dropdown and Up key', async () => {
    await input().fill('tcp.flags.syn == 1');
    await expect.poll(() => app.page.locator('.filter-field').getAttribute('class')).toContain('tone-good');
    await input().press('Enter');
    await app.page.reload();
    await app.page.waitForSelector('.crow[data-stream]');
    await app.page.getByRole('button', { name: 'Filter history' }).click();
    const items = await app.page.getByRole('option').allTextContents();
    expect(items.slice(0, 2)).toEqual(['tcp.flags.syn == 1', 'tcp.stream == 1']);
    await app.screenshot('12-filter-history');
    await app.page.keyboard.press('Escape');
    await input().fill('');
    await input().press('ArrowUp');
    expect(await input().inputValue()).toBe('tcp.flags.syn == 1');
    await input().press('ArrowUp');
    expect(await input().inputValue()).toBe('tcp.stream == 1');
    await input().press('ArrowDown');
    await input().press('ArrowDown');
    expect(await input().inputValue()).toBe('');
  });

  it('clearing the filter shows every packet again', async () => {
    await input().fill('');
    await input().press('Enter');
    const s = (await app.host.session())!;
    await expect.poll(() => app.page.getByTestId('status-displayed').textContent()).toContain(`Displayed: ${s.packets}`);
    expect(await app.page.locator('.crow[data-stream]').count()).toBe(s.connections);
    expect(app.pageErrors).toEqual([]);
  });
});
