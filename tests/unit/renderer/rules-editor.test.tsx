// @vitest-environment jsdom
// The rule editor (src-renderer/pages/rules): what the user types becomes the contract's input, the
// live preview shows what would be recorded and skipped with reasons, and mistakes are said per field.
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rule, RulePreview, UpcomingAiring } from '../../../src-shared/domain-rules';
import { RuleEditorPage } from '../../../src-renderer/pages/rules/RuleEditorPage';
import { emptyForm, formFromQuery, formOf, toRuleInput } from '../../../src-renderer/pages/rules/rule-form';
import { PREVIEW_DELAY_MS } from '../../../src-renderer/pages/rules/usePreview';
import { connect, fakeClient, type FakeClient } from './sources-fake-client';

const HOUR = 3600_000;
const base = Date.UTC(2030, 0, 7, 18); // a Monday

function airing(over: Partial<UpcomingAiring>): UpcomingAiring {
  return {
    key: 'k',
    state: 'will-record',
    ruleId: null,
    ruleName: 'Doctor Who',
    recordingId: null,
    reason: null,
    skip: null,
    channelId: 1,
    channelName: 'BBC One',
    title: 'Doctor Who',
    subTitle: null,
    season: 1,
    episode: 2,
    start: base,
    end: base + HOUR,
    padBeforeMs: 60_000,
    padAfterMs: 180_000,
    programmeId: 1,
    duplicateOf: null,
    fixes: [],
    ...over,
  };
}

const preview: RulePreview = {
  airings: [
    airing({ key: 'a' }),
    airing({
      key: 'b',
      state: 'skipped',
      skip: 'not-new',
      reason: 'a repeat: the rule records new episodes only',
      start: base + 24 * HOUR,
      end: base + 25 * HOUR,
    }),
  ],
  warnings: ['The guide marks nothing as new'],
};

let client: FakeClient;

function savedRule(input: { config: Rule['config'] } & Partial<Rule>): Rule {
  return {
    id: 42,
    name: input.name ?? 'Doctor Who',
    enabled: true,
    priority: 0,
    padBeforeMs: null,
    padAfterMs: null,
    keepLast: null,
    container: null,
    createdAt: 1,
    updatedAt: 2,
    upcoming: 1,
    warnings: [],
    library: null,
    ...input,
  };
}

beforeEach(() => {
  client = fakeClient({
    'rules.preview': () => preview,
    'rules.add': (input) => savedRule(input as { config: Rule['config'] }),
    'rules.get': () => savedRule({ config: { ...toSeries(), title: 'Doctor Who' } }),
    'channels.search': () => ({ total: 0, channels: [] }),
    'guide.query': (input) => ({
      from: 0,
      to: 1,
      channels: ((input as { channelIds: number[] }).channelIds ?? []).map((id) => ({
        channelId: id,
        name: id === 7 ? 'BBC One' : `Channel ${id}`,
        number: null,
        logo: null,
        programmes: [],
      })),
    }),
  });
  connect(client);
});

// Two shared cores: give the screens time to answer before a query gives up.
configure({ asyncUtilTimeout: 5000 });

afterEach(cleanup);

function toSeries(): Extract<Rule['config'], { kind: 'series' }> {
  return {
    kind: 'series',
    title: 'Doctor Who',
    match: 'exact',
    keywords: [],
    channels: { scope: 'any' },
    days: null,
    after: null,
    before: null,
    minDurationMin: null,
    maxDurationMin: null,
    categories: [],
    newOnly: false,
    untaggedIsNew: false,
    dedupe: 'episode',
    tz: 'UTC',
  };
}

function open(address: string) {
  const router = createMemoryRouter(
    [
      { path: '/rules/new', element: <RuleEditorPage /> },
      { path: '/rules/:id', element: <RuleEditorPage /> },
      { path: '/rules', element: <p>All rules</p> },
    ],
    { initialEntries: [address] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

// Whole screens on a shared machine: roomier than the default 20 s.
describe('the rule editor', { timeout: 60_000 }, () => {
  it('maps every series option to the contract, previews it, and creates it', async () => {
    const user = userEvent.setup({ delay: null });
    const router = open('/rules/new?kind=series&title=Doctor%20Who');
    // The prefilled title is previewed as it is, with the contract's defaults spelt out.
    await waitFor(() => expect(client.inputsOf('rules.preview')).toHaveLength(1), { timeout: 3000 });
    expect(client.inputsOf('rules.preview')[0]).toEqual({
      rule: {
        enabled: true,
        priority: 0,
        padBeforeMs: null,
        padAfterMs: null,
        keepLast: null,
        container: null,
        config: { ...toSeries(), tz: undefined },
      },
    });
    const panel = screen.getByRole('complementary', { name: 'Preview' });
    await within(panel).findByText('Repeat');
    expect(within(panel).getByText(/a repeat: the rule records new episodes only/)).toBeTruthy();
    expect(within(panel).getByText('The guide marks nothing as new')).toBeTruthy();
    expect(screen.getByText('Every episode of Doctor Who on any channel')).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Match'), 'contains');
    await user.click(screen.getByLabelText(/New episodes only/));
    await user.click(screen.getByLabelText(/Count untagged airings as new/));
    await user.click(screen.getByRole('button', { name: 'Monday' }));
    await user.click(screen.getByRole('button', { name: 'Friday' }));
    fireEvent.change(screen.getByLabelText('Starts at or after'), { target: { value: '18:00' } });
    fireEvent.change(screen.getByLabelText('Starts before'), { target: { value: '20:00' } });
    // Values set whole (typing key by key adds nothing here but time).
    const fill = (label: string, value: string) =>
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
    fill('At least', '30');
    fill('At most', '90');
    fill('Categories', 'Drama, Sci-fi');
    fill('Description mentions', 'Dalek');
    await user.selectOptions(screen.getByLabelText('Repeats'), 'once-per-week');
    await user.selectOptions(screen.getAllByLabelText('Time zone')[0]!, 'Europe/Berlin');
    fill('Name', 'Who');
    fill('Priority', '5');
    fill('Start early by', '-2');
    // One field typed as a person would, to be sure typing reaches the form.
    await user.type(screen.getByLabelText('End late by'), '90s');
    fill('Keep the last', '10');
    await user.selectOptions(screen.getByLabelText('File format'), 'mkv');
    expect(
      screen.getByText(
        'Every new episode of anything with “Doctor Who” in its title on any channel, Mon, Fri 18:00–20:00, Europe/Berlin',
      ),
    ).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(client.inputsOf('rules.add')).toHaveLength(1));
    expect(client.inputsOf('rules.add')[0]).toEqual({
      name: 'Who',
      enabled: true,
      priority: 5,
      padBeforeMs: -120_000,
      padAfterMs: 90_000,
      keepLast: 10,
      container: 'mkv',
      config: {
        kind: 'series',
        title: 'Doctor Who',
        match: 'contains',
        keywords: ['Dalek'],
        channels: { scope: 'any' },
        days: ['mon', 'fri'],
        after: '18:00',
        before: '20:00',
        minDurationMin: 30,
        maxDurationMin: 90,
        categories: ['Drama', 'Sci-fi'],
        newOnly: true,
        untaggedIsNew: true,
        dedupe: 'once-per-week',
        tz: 'Europe/Berlin',
      },
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/rules/42'));
  });

  it('prefills a time rule from the guide’s link and creates it', async () => {
    const user = userEvent.setup({ delay: null });
    open('/rules/new?kind=time&channel=7&at=18:00&duration=45');
    await screen.findByText('Daily 18:00 on BBC One', {}, { timeout: 3000 });
    await user.click(screen.getByRole('button', { name: 'Saturday' }));
    await user.click(screen.getByRole('button', { name: 'Sunday' }));
    fireEvent.change(screen.getByLabelText('Last day'), { target: { value: '2030-02-01' } });
    fireEvent.change(screen.getByLabelText('Recordings’ title'), { target: { value: 'Evening news' } });
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(client.inputsOf('rules.add')).toHaveLength(1));
    expect(client.inputsOf('rules.add')[0]).toEqual({
      enabled: true,
      priority: 0,
      padBeforeMs: null,
      padAfterMs: null,
      keepLast: null,
      container: null,
      config: {
        kind: 'time',
        channelId: 7,
        at: '18:00',
        durationMs: 45 * 60_000,
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        from: null,
        until: '2030-02-01',
        title: 'Evening news',
      },
    });
  });

  it('names a new series rule as the guide spells its title, unless given a name', async () => {
    const user = userEvent.setup({ delay: null });
    open('/rules/new?kind=series');
    fireEvent.change(await screen.findByLabelText('Title'), { target: { value: 'doctor who' } });
    await waitFor(() => expect(client.inputsOf('rules.preview')).toHaveLength(1), { timeout: 3000 });
    expect(await screen.findByText(/1 to record · 1 skipped/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(client.inputsOf('rules.add')).toHaveLength(1));
    expect(client.inputsOf('rules.add')[0]).toMatchObject({
      name: 'Doctor Who',
      config: { kind: 'series', title: 'doctor who' },
    });
  });

  it('says what is missing, next to the field, and sends nothing', async () => {
    const user = userEvent.setup({ delay: null });
    open('/rules/new?kind=series');
    await screen.findByText(/To see a preview: give the programme’s title/);
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(await screen.findByText('Give the programme’s title')).toBeTruthy();
    expect(screen.getByLabelText('Title').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('At least'), { target: { value: '90' } });
    fireEvent.change(screen.getByLabelText('At most'), { target: { value: '30' } });
    expect(await screen.findByText('The shortest duration is longer than the longest')).toBeTruthy();
    // Proving that nothing is sent needs the preview's debounce to pass: a window, not a sync.
    await act(() => new Promise((r) => setTimeout(r, PREVIEW_DELAY_MS + 100)));
    expect(client.inputsOf('rules.add')).toHaveLength(0);
    expect(client.inputsOf('rules.preview')).toHaveLength(0);
  });
});

describe('rule form mapping', () => {
  it('turns a saved rule back into the same input', () => {
    const rule = savedRule({
      priority: -3,
      padBeforeMs: -90_000,
      padAfterMs: 600_000,
      keepLast: 4,
      container: 'mp4',
      config: {
        ...toSeries(),
        match: 'regex',
        title: '^Top',
        channels: { scope: 'guide-channel', guideId: 2, xmltvId: 'bbc1.uk' },
        days: ['sat', 'sun'],
        categories: ['Motoring'],
        tz: 'Europe/London',
      },
    });
    const checked = toRuleInput(formOf(rule));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.input).toEqual({
      name: rule.name,
      enabled: true,
      priority: -3,
      padBeforeMs: -90_000,
      padAfterMs: 600_000,
      keepLast: 4,
      container: 'mp4',
      config: rule.config,
    });
  });

  it('reads the guide’s links and refuses what is not a rule', () => {
    const time = formFromQuery(new URLSearchParams('kind=time&channel=3&at=7:5&duration=abc&days=sat,xyz'));
    expect(time).toMatchObject({ kind: 'time', channelId: 3, at: '', duration: '', days: ['sat'] });
    const series = formFromQuery(new URLSearchParams('kind=series&title=%20News%20&channel=9'));
    expect(series).toMatchObject({ kind: 'series', title: 'News', scope: 'channels', channelIds: [9] });
    const wrong = toRuleInput({
      ...emptyForm('series'),
      title: '(',
      match: 'regex',
      padBefore: 'soon',
      tz: 'Mars/Base',
    });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.errors.title).toBe('Not a valid regular expression');
    expect(wrong.errors.padBefore).toMatch(/Give minutes/);
    expect(wrong.errors.tz).toMatch(/not a known time zone/i);
    const noChannel = toRuleInput({ ...emptyForm('time'), at: '18:00', duration: '30', days: [] });
    expect(noChannel.ok).toBe(false);
    if (noChannel.ok) return;
    expect(noChannel.errors).toMatchObject({
      channelId: 'Choose a channel',
      days: 'Choose at least one day',
    });
  });
});
