// @vitest-environment jsdom
// The Sources screen in words and its inputs (src-renderer/pages/sources): refresh progress, account
// expiry, guide coverage, the add/edit dialogs' contract inputs, the channel list's address.
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChannelListing,
  GuideInfo,
  SourceInfo,
  XtreamAccount,
} from '../../../src-shared/domain-sources';
import { ChannelsPage } from '../../../src-renderer/pages/sources/ChannelsPage';
import {
  paramsFrom,
  queryFrom,
  rangeText,
  searchInput,
} from '../../../src-renderer/pages/sources/channels-query';
import {
  accountText,
  coverageText,
  everyText,
  progressShare,
  progressText,
  reportText,
} from '../../../src-renderer/pages/sources/describe';
import { addInput, draftOf, emptyDraft, updateInput } from '../../../src-renderer/pages/sources/source-form';
import { connect, fakeClient } from './sources-fake-client';

const DAY = 24 * 3600_000;
const now = Date.UTC(2030, 0, 10, 12);

// Two shared cores: give the screens time to answer before a query gives up.
configure({ asyncUtilTimeout: 5000 });

afterEach(cleanup);

// jsdom has <dialog> but not its modal methods: enough of them for the app's Dialog.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
});

const account = (over: Partial<XtreamAccount>): XtreamAccount => ({
  status: 'Active',
  expiresAt: null,
  maxConnections: 2,
  activeConnections: 0,
  outputFormat: 'ts',
  allowedOutputFormats: ['ts'],
  catchupChannels: 0,
  checkedAt: now,
  ...over,
});

function source(over: Partial<SourceInfo> = {}): SourceInfo {
  return {
    id: 1,
    kind: 'm3u',
    name: 'Demo TV',
    location: 'http://x.example/list.m3u',
    maxConnections: 2,
    maxConnectionsOverride: 2,
    connectionGroup: null,
    refreshHours: 24,
    lastRefreshAt: now,
    lastAttemptAt: now,
    lastError: null,
    counts: { live: 40, vod: 0, series: 0, missing: 0 },
    lastImport: null,
    offeredGuides: [],
    guideIds: [],
    account: null,
    device: null,
    credentialProtection: null,
    refreshing: false,
    ...over,
  };
}

describe('sources in words', () => {
  it('says what a refresh is doing, with a share when it is known', () => {
    const p = { target: 'source' as const, id: 1 };
    expect(progressText({ ...p, phase: 'downloading', done: 3_200_000, total: 10_000_000 })).toBe(
      'Downloading 3.2 MB of 10 MB',
    );
    expect(progressText({ ...p, phase: 'importing', done: 1200, total: 40000 })).toBe(
      'Reading 1,200 of 40,000 entries',
    );
    expect(progressText({ ...p, target: 'guide', phase: 'importing', done: 500, total: null })).toBe(
      'Reading 500 programmes',
    );
    expect(progressText({ ...p, phase: 'queued', done: 0, total: null })).toBe(
      'Waiting for another import to finish…',
    );
    expect(progressText({ ...p, phase: 'failed', done: 0, total: null, message: 'HTTP 404' })).toBe(
      'Failed: HTTP 404',
    );
    expect(progressShare({ ...p, phase: 'importing', done: 1, total: 4 })).toBe(0.25);
    expect(progressShare({ ...p, phase: 'connecting', done: 0, total: null })).toBeNull();
    expect(progressShare({ ...p, phase: 'done', done: 0, total: null })).toBe(1);
  });

  it('tells an account’s state and expiry, and how soon', () => {
    expect(accountText(account({}), now)).toEqual({ text: 'Active, does not expire', tone: 'ok' });
    expect(accountText(account({ expiresAt: now + 90 * DAY }), now).tone).toBe('ok');
    const soon = accountText(account({ expiresAt: now + 3 * DAY }), now);
    expect(soon.tone).toBe('warn');
    expect(soon.text).toMatch(/^Active, expires .*\(in 3 days\)$/);
    const expired = accountText(account({ expiresAt: now - 2 * DAY }), now);
    expect(expired).toEqual({
      text: expect.stringMatching(/^Active, expired .*2 days ago\)$/) as string,
      tone: 'bad',
    });
    expect(accountText(account({ status: 'Banned' }), now).tone).toBe('bad');
  });

  it('tells how far a guide reaches, and warns when it runs out', () => {
    const guide = (coverage: GuideInfo['coverage']) => ({ coverage }) as GuideInfo;
    expect(coverageText(guide(null), now)).toEqual({ text: 'No programmes yet', tone: 'warn' });
    const ok = coverageText(guide({ from: now - DAY, to: now + 3 * DAY }), now);
    expect(ok.tone).toBe('ok');
    expect(ok.text).toMatch(/^Yesterday to .+, 3 days ahead$/);
    expect(coverageText(guide({ from: now - DAY, to: now + 3600_000 }), now).tone).toBe('warn');
    expect(coverageText(guide({ from: now - 3 * DAY, to: now - DAY }), now)).toMatchObject({ tone: 'bad' });
    expect(everyText(24)).toBe('daily');
    expect(everyText(6)).toBe('every 6 hours');
    expect(everyText(72)).toBe('every 3 days');
    expect(
      reportText(
        {
          at: 0,
          durationMs: 1,
          items: 40,
          added: 2,
          updated: 0,
          removed: 1,
          problems: [],
          problemCount: 0,
          stoppedEarly: null,
        },
        'source',
      ),
    ).toBe('40 entries read, 2 new, 1 no longer listed');
  });
});

describe('the add and edit dialogs’ inputs', () => {
  it('builds sources.add for each kind, offered guides off unless asked', () => {
    const m3u = addInput({ ...emptyDraft('m3u'), location: ' http://x.example/a.m3u ', maxConnections: '2' });
    expect(m3u).toEqual({
      ok: true,
      input: {
        kind: 'm3u',
        location: 'http://x.example/a.m3u',
        addOfferedGuides: false,
        maxConnections: 2,
        refreshHours: 24,
      },
    });
    // A picked file stands in for the location (uploaded first, its stored path used).
    expect(addInput(emptyDraft('m3u'), '/data/imports/a.m3u')).toMatchObject({
      ok: true,
      input: { location: '/data/imports/a.m3u' },
    });
    const xtream = addInput({
      ...emptyDraft('xtream'),
      server: 'http://p.example:8080',
      username: 'u',
      password: 'p',
    });
    expect(xtream).toMatchObject({
      ok: true,
      input: { kind: 'xtream', withGuide: true, username: 'u', password: 'p' },
    });
    expect(addInput({ ...emptyDraft('hdhomerun'), address: '192.168.1.20' })).toMatchObject({
      ok: true,
      input: { kind: 'hdhomerun', address: '192.168.1.20' },
    });
  });

  it('says what is wrong per field', () => {
    const none = addInput(emptyDraft('m3u'));
    expect(none).toMatchObject({
      ok: false,
      errors: { location: 'Give the playlist’s URL or choose a file' },
    });
    const bad = addInput({
      ...emptyDraft('xtream'),
      server: 'ftp://x',
      maxConnections: 'two',
      refreshHours: '0',
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.server).toBe('The server must be an http:// or https:// URL');
    expect(bad.errors.username).toBe('The username is empty');
    expect(bad.errors.maxConnections).toBe('The connection limit must be a whole number');
    expect(bad.errors.refreshHours).toBe('Refresh at most every hour');
  });

  it('sends only what the edit changed; an empty limit goes back to the provider’s', () => {
    const s = source({ kind: 'xtream', location: 'http://p.example', maxConnectionsOverride: 3 });
    expect(updateInput(s, draftOf(s))).toEqual({ ok: true, input: { id: 1 } });
    expect(
      updateInput(s, { ...draftOf(s), maxConnections: '', connectionGroup: 'Family', password: 'new' }),
    ).toEqual({
      ok: true,
      input: { id: 1, maxConnections: null, connectionGroup: 'Family', password: 'new' },
    });
  });
});

describe('the channel list', { timeout: 60_000 }, () => {
  it('keeps its query in the address and pages without a silent cap', () => {
    const q = queryFrom(new URLSearchParams('q=bbc&source=2&guide=unmapped&page=3&nogroup=1'));
    expect(searchInput(q)).toEqual({
      search: 'bbc',
      group: '',
      sourceId: 2,
      mapped: false,
      limit: 100,
      offset: 200,
    });
    expect(queryFrom(paramsFrom(q))).toEqual(q);
    expect(rangeText(3, 100, 4210, 'en')).toBe('201–300 of 4,210 channels');
    expect(rangeText(1, 0, 0, 'en')).toBe('No channels');
  });

  it('lists channels with their guide, and fixes a mapping from a search with a real “no matches”', async () => {
    const user = userEvent.setup({ delay: null });
    const channel: ChannelListing = {
      id: 5,
      sourceId: 1,
      sourceName: 'Demo TV',
      sourceKind: 'm3u',
      name: 'BBC One HD',
      number: '1',
      group: 'News',
      logo: null,
      kind: 'live',
      tvgId: null,
      guide: null,
      guideManual: false,
      catchup: null,
      missingSince: null,
      enabled: true,
      logoUrl: null,
    };
    const mapped: ChannelListing = {
      ...channel,
      guide: {
        guideId: 1,
        guideName: 'Demo guide',
        xmltvId: 'bbc1.uk',
        displayName: 'BBC One',
        match: 'manual',
      },
      guideManual: true,
    };
    const client = fakeClient({
      'sources.list': () => [source()],
      'guides.list': () => [{ id: 1, name: 'Demo guide' }],
      'channels.search': () => ({ total: 1, channels: [channel] }),
      'channels.groups': () => [{ group: 'News', count: 1 }],
      'guides.channels': (input) =>
        (input as { search?: string }).search === 'BBC One'
          ? [{ guideId: 1, xmltvId: 'bbc1.uk', displayNames: ['BBC One'], icon: null, mappedChannels: 0 }]
          : [],
      'channels.map': () => mapped,
    });
    connect(client);
    const router = createMemoryRouter([{ path: '/sources/channels', element: <ChannelsPage /> }], {
      initialEntries: ['/sources/channels'],
    });
    render(<RouterProvider router={router} />);
    const list = await screen.findByRole('list', { name: 'Channels' });
    expect(screen.getByText('1–1 of 1 channel')).toBeTruthy();
    expect(within(list).getByText('No guide found')).toBeTruthy();

    await user.click(within(list).getByRole('button', { name: 'Change the guide of BBC One HD' }));
    // The search starts from the channel's name without its HD tag.
    const search = await screen.findByLabelText('Search the guide’s channels');
    expect((search as HTMLInputElement).value).toBe('BBC One');
    await user.click(await screen.findByRole('button', { name: 'Use BBC One from Demo guide' }));
    await waitFor(() =>
      expect(client.inputsOf('channels.map')).toEqual([
        { channelId: 5, to: { guideId: 1, xmltvId: 'bbc1.uk' } },
      ]),
    );
    expect(await within(list).findByText(/BBC One · Demo guide/)).toBeTruthy();

    await user.click(within(list).getByRole('button', { name: 'Change the guide of BBC One HD' }));
    const box = await screen.findByLabelText('Search the guide’s channels');
    await user.clear(box);
    await user.type(box, 'Nothing like it');
    expect(await screen.findByText('No guide channel matches “Nothing like it”.')).toBeTruthy();
  });

  it('turns a channel off and on (channels.update), and filters by on or off', async () => {
    const user = userEvent.setup({ delay: null });
    const on: ChannelListing = {
      id: 9,
      sourceId: 1,
      sourceName: 'Demo TV',
      sourceKind: 'm3u',
      name: 'Film4',
      number: '15',
      group: null,
      logo: null,
      kind: 'live',
      tvgId: null,
      guide: null,
      guideManual: false,
      catchup: null,
      missingSince: null,
      enabled: true,
      logoUrl: null,
    };
    const client = fakeClient({
      'sources.list': () => [source()],
      'guides.list': () => [],
      'channels.search': () => ({ total: 1, channels: [on] }),
      'channels.groups': () => [],
      'channels.update': (input) => ({ ...on, enabled: (input as { enabled: boolean }).enabled }),
    });
    connect(client);
    const router = createMemoryRouter([{ path: '/sources/channels', element: <ChannelsPage /> }], {
      initialEntries: ['/sources/channels'],
    });
    render(<RouterProvider router={router} />);
    const list = await screen.findByRole('list', { name: 'Channels' });
    const toggle = within(list).getByRole('switch', { name: 'Film4 on' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await user.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    expect(client.inputsOf('channels.update')).toEqual([{ id: 9, enabled: false }]);
    expect(within(list).getByText('Off')).toBeTruthy();
    await user.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    expect(client.inputsOf('channels.update')[1]).toEqual({ id: 9, enabled: true });

    await user.selectOptions(screen.getByLabelText('On or off'), 'off');
    expect(router.state.location.search).toBe('?state=off');
    await waitFor(() =>
      expect(client.inputsOf('channels.search').at(-1)).toMatchObject({ enabled: false, offset: 0 }),
    );
  });
});
