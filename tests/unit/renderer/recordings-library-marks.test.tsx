// @vitest-environment jsdom
// The library's marks on the Recordings screens: a recording whose file is missing says since when and
// cannot be played (with why), in the library and in the details; protect/unprotect goes over the
// contract and shows the answer; the details list the post-processing steps with Retry, and the upload.
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src-shared/contract-library-process';
import type { Recording } from '../../../src-shared/domain';
import { DetailsActions } from '../../../src-renderer/pages/recordings/details/DetailsActions';
import { FileCard } from '../../../src-renderer/pages/recordings/details/FactCards';
import { ProcessingCard } from '../../../src-renderer/pages/recordings/details/ProcessingCard';
import { NO_FILTERS } from '../../../src-renderer/pages/recordings/logic/filters';
import type { Selection } from '../../../src-renderer/pages/recordings/parts/Selection';
import { LibraryTab } from '../../../src-renderer/pages/recordings/tabs/LibraryTab';
import { useRecordings } from '../../../src-renderer/state/recordings';
import { formatWhen } from '../../../src-renderer/ui/format';
import { useToasts } from '../../../src-renderer/ui/toast';
import { recording } from './recordings-fixtures';
import { connect, fakeClient } from './sources-fake-client';

configure({ asyncUtilTimeout: 5000 });

afterEach(cleanup);
beforeEach(() => {
  useToasts.setState({ toasts: [] });
});

const MISSING_SINCE = new Date(2026, 10, 20, 9, 30).getTime();
const missing = recording({
  id: 1,
  title: 'Lost Show',
  fileMissing: true,
  fileMissingSince: MISSING_SINCE,
  outputPath: '/rec/Lost Show.ts',
});
const present = recording({ id: 2, title: 'Kept Show', protected: true });

const noSelection: Selection = {
  ids: new Set(),
  has: () => false,
  toggle: () => undefined,
  setAll: () => undefined,
  clear: () => undefined,
};

function showLibrary(list: Recording[]) {
  useRecordings.setState({ byId: Object.fromEntries(list.map((r) => [r.id, r])), loaded: true });
  return render(
    <MemoryRouter>
      <LibraryTab filters={NO_FILTERS} selection={noSelection} onClearFilters={() => undefined} />
    </MemoryRouter>,
  );
}

describe('a missing file in the library', () => {
  it('says since when, and Play is disabled with the reason; a present file plays', () => {
    showLibrary([missing, present]);
    const lost = screen.getByRole('article', { name: /^Lost Show/ });
    expect(within(lost).getByTestId('file-missing').textContent).toBe(
      `File missing since ${formatWhen(MISSING_SINCE)}`,
    );
    const play = within(lost).getByRole('button', { name: /Play/ });
    expect(play).toHaveProperty('disabled', true);
    expect(play.getAttribute('title')).toMatch(/moved or deleted outside Tapedeck/);
    expect(within(lost).queryByRole('link', { name: /Play/ })).toBeNull();

    const kept = screen.getByRole('article', { name: /^Kept Show/ });
    expect(within(kept).queryByTestId('file-missing')).toBeNull();
    expect(within(kept).getByRole('link', { name: 'Play' }).getAttribute('href')).toBe('/play/2');
  });

  it('marks protected recordings with a lock, and only those', () => {
    showLibrary([missing, present]);
    expect(within(screen.getByRole('article', { name: /^Kept Show/ })).getByTestId('protected')).toBeTruthy();
    expect(within(screen.getByRole('article', { name: /^Lost Show/ })).queryByTestId('protected')).toBeNull();
  });
});

describe('a missing file in the details', () => {
  it('disables Play and says why, and the file card says since when', () => {
    connect(fakeClient({}));
    render(
      <MemoryRouter>
        <DetailsActions recording={missing} now={Date.now()} onGone={() => undefined} />
        <FileCard recording={missing} />
      </MemoryRouter>,
    );
    const play = screen.getByRole('button', { name: 'Play' });
    expect(play).toHaveProperty('disabled', true);
    const reason = document.getElementById(play.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toMatch(/file was moved or deleted outside Tapedeck/);
    expect(screen.queryByRole('link', { name: 'Play' })).toBeNull();
    expect(screen.getByTestId('file-missing').textContent).toBe(
      `File missing since ${formatWhen(MISSING_SINCE)}`,
    );
  });

  it('plays a recording whose file is there', () => {
    connect(fakeClient({}));
    render(
      <MemoryRouter>
        <DetailsActions recording={present} now={Date.now()} onGone={() => undefined} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: 'Play' }).getAttribute('href')).toBe('/play/2');
  });
});

describe('protect', () => {
  it('protects over the contract, shows the new state, and says so', async () => {
    const plain = recording({ id: 3, title: 'Plain Show' });
    const client = fakeClient({
      'recordings.protect': (input) => ({ ...plain, protected: (input as { protected: boolean }).protected }),
    });
    connect(client);
    useRecordings.setState({ byId: { 3: plain }, loaded: true });
    const Actions = () => {
      const r = useRecordings((s) => s.byId[3])!;
      return <DetailsActions recording={r} now={Date.now()} onGone={() => undefined} />;
    };
    render(
      <MemoryRouter>
        <Actions />
      </MemoryRouter>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Protect' }));
    await screen.findByRole('button', { name: 'Unprotect' });
    expect(client.inputsOf('recordings.protect')).toEqual([{ id: 3, protected: true }]);
    expect(useToasts.getState().toasts.map((t) => t.text)).toContain(
      '“Plain Show” is protected from cleanup',
    );
  });

  it('shows the error when the core refuses', async () => {
    const plain = recording({ id: 4, title: 'Refused Show' });
    connect(
      fakeClient({
        'recordings.protect': () => {
          throw new Error('the database is locked');
        },
      }),
    );
    render(
      <MemoryRouter>
        <DetailsActions recording={plain} now={Date.now()} onGone={() => undefined} />
      </MemoryRouter>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Protect' }));
    await waitFor(() =>
      expect(useToasts.getState().toasts.map((t) => `${t.kind}: ${t.text}`)).toContain(
        'error: the database is locked',
      ),
    );
    expect(screen.getByRole('button', { name: 'Protect' })).toHaveProperty('disabled', false);
  });
});

function job(patch: Partial<Job> & { id: number; step: Job['step']; state: Job['state'] }): Job {
  return {
    recordingId: 2,
    attempts: 1,
    nextAt: 0,
    error: null,
    outputTail: null,
    result: null,
    createdAt: 0,
    updatedAt: 0,
    finishedAt: null,
    ...patch,
  };
}

describe('post-processing in the details', () => {
  it('lists each step with its state and error, retries a failed one, and shows the upload', async () => {
    let hook = job({ id: 11, step: 'hook', state: 'failed', error: 'exited with status 3', finishedAt: 1 });
    const comskip = job({
      id: 10,
      step: 'comskip',
      state: 'done',
      finishedAt: 1,
      result: {
        breaks: [
          { startMs: 0, endMs: 1 },
          { startMs: 5, endMs: 9 },
        ],
      },
    });
    const client = fakeClient({
      'jobs.list': () => [comskip, hook],
      'recordings.upload': () => ({ id: 2, state: 'failed', job: null }),
      'jobs.retry': () => {
        hook = { ...hook, state: 'pending', error: null, finishedAt: null };
        return hook;
      },
    });
    connect(client);
    render(<ProcessingCard id={2} enabled />);
    const steps = await screen.findAllByTestId('job');
    expect(steps.map((s) => s.textContent)).toEqual([
      expect.stringMatching(/^Commercial detection\s*Done.*2 breaks marked/),
      expect.stringMatching(/^Post-processing command\s*Failed.*exited with status 3/),
    ]);
    expect(within(steps[0]!).queryByRole('button', { name: /Retry/ })).toBeNull();
    expect(screen.getByTestId('upload-state').textContent).toMatch(/Upload failed/);
    expect(client.inputsOf('jobs.list')).toEqual([{ recordingId: 2 }]);

    await userEvent.click(within(steps[1]!).getByRole('button', { name: /Retry/ }));
    await waitFor(() => expect(screen.getAllByTestId('job')[1]!.textContent).toMatch(/Waiting/));
    expect(client.inputsOf('jobs.retry')).toEqual([{ id: 11 }]);
  });

  it('says when nothing ran, and reads nothing for a recording not finished', async () => {
    const client = fakeClient({
      'jobs.list': () => [],
      'recordings.upload': () => ({ id: 2, state: 'none', job: null }),
    });
    connect(client);
    const { rerender } = render(<ProcessingCard id={2} enabled />);
    await screen.findByText('No post-processing ran on this recording.');
    expect(screen.queryByTestId('upload-state')).toBeNull();
    rerender(<ProcessingCard id={5} enabled={false} />);
    expect(screen.queryByText(/post-processing/)).toBeNull();
    expect(client.inputsOf('jobs.list')).toEqual([{ recordingId: 2 }]);
  });
});
