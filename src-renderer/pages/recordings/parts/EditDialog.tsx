// Changing a recording (recordings.edit): a scheduled one's times, padding, title, channel and
// container; a running one only its end (the core refuses the rest). Only what changed is sent, so a
// time left alone keeps its seconds.
import { useId, useState, type FormEvent } from 'react';
import type { CommandInput } from '../../../../src-shared/contract';
import { CONTAINERS, type Container, type Recording } from '../../../../src-shared/domain';
import { api } from '../../../state/connection';
import { Dialog } from '../../../ui/Dialog';
import { formatDuration, formatTime } from '../../../ui/format';
import { errorText, toast } from '../../../ui/toast';
import { useChannels } from '../data/lookups';
import { fromLocalInput, paddingText, readDuration, toLocalInput } from '../logic/time-fields';
import { ChannelSelect } from './ChannelSelect';

export function EditDialog({
  recording,
  open,
  onClose,
}: {
  recording: Recording;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={recording.status === 'recording' ? 'Change the end' : 'Edit recording'}
    >
      {open &&
        (recording.status === 'recording' ? (
          <EndForm recording={recording} onClose={onClose} />
        ) : (
          <EditForm recording={recording} onClose={onClose} />
        ))}
    </Dialog>
  );
}

function useSubmit(onClose: () => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (input: CommandInput<'recordings.edit'> | string) => {
    if (typeof input === 'string') return setError(input);
    setPending(true);
    setError(null);
    try {
      const r = await api().call('recordings.edit', input);
      toast.success(`“${r.title}” saved`);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  };
  return { pending, error, submit };
}

function Actions({
  pending,
  error,
  onClose,
}: {
  pending: boolean;
  error: string | null;
  onClose: () => void;
}) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
        <button type="submit" className="btn primary" disabled={pending} aria-busy={pending}>
          {pending && <span className="spinner" aria-hidden="true" />}
          Save
        </button>
      </div>
    </>
  );
}

/** A running recording: a new end, typed or moved by a quick step. */
function EndForm({ recording: r, onClose }: { recording: Recording; onClose: () => void }) {
  const id = useId();
  const initial = toLocalInput(r.endAt);
  const [end, setEnd] = useState(initial);
  const { pending, error, submit } = useSubmit(onClose);
  const endMs = fromLocalInput(end);
  const step = (minutes: number) => setEnd(toLocalInput((endMs ?? r.endAt) + minutes * 60_000));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (end === initial) return onClose();
    void submit(endMs === null ? 'give an end date and time' : { id: r.id, end: endMs });
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Change the end">
      <p className="muted">
        It is recording, so only its end can move. The programme ends at {formatTime(r.endAt)}
        {r.padAfterMs !== 0 &&
          `, and ${formatDuration(Math.abs(r.padAfterMs))} of padding ${r.padAfterMs > 0 ? 'follow' : 'are cut'}`}
        .
      </p>
      <div className="field">
        <label htmlFor={`${id}-end`}>Programme end</label>
        <input id={`${id}-end`} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />
      </div>
      <div className="row wrap">
        {[15, 30, 60].map((m) => (
          <button key={m} type="button" className="btn small" onClick={() => step(m)}>
            +{m < 60 ? `${m} min` : '1 h'}
          </button>
        ))}
      </div>
      <Actions pending={pending} error={error} onClose={onClose} />
    </form>
  );
}

function EditForm({ recording: r, onClose }: { recording: Recording; onClose: () => void }) {
  const id = useId();
  const { list: channels } = useChannels();
  const initial = {
    title: r.title,
    start: toLocalInput(r.startAt),
    end: toLocalInput(r.endAt),
    padBefore: paddingText(r.padBeforeMs),
    padAfter: paddingText(r.padAfterMs),
  };
  const [title, setTitle] = useState(initial.title);
  const [start, setStart] = useState(initial.start);
  const [end, setEnd] = useState(initial.end);
  const [padBefore, setPadBefore] = useState(initial.padBefore);
  const [padAfter, setPadAfter] = useState(initial.padAfter);
  const [channelId, setChannelId] = useState<number | null>(r.channelId);
  const [container, setContainer] = useState<Container>(r.container);
  const { pending, error, submit } = useSubmit(onClose);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const before = readDuration(padBefore, { signed: true, emptyAs: 0 });
    const after = readDuration(padAfter, { signed: true, emptyAs: 0 });
    if (!before.ok) return void submit(before.error);
    if (!after.ok) return void submit(after.error);
    const input: CommandInput<'recordings.edit'> = { id: r.id };
    if (title.trim() !== initial.title) input.title = title.trim();
    if (start !== initial.start) {
      const ms = fromLocalInput(start);
      if (ms === null) return void submit('give a start date and time');
      input.start = ms;
    }
    // A start moved alone keeps the length (the core's rule); an end moved is the new end.
    if (end !== initial.end) {
      const ms = fromLocalInput(end);
      if (ms === null) return void submit('give an end date and time');
      input.end = ms;
    }
    if (padBefore !== initial.padBefore) input.padBeforeMs = before.ms;
    if (padAfter !== initial.padAfter) input.padAfterMs = after.ms;
    if (channelId !== null && channelId !== r.channelId) input.channelId = channelId;
    if (container !== r.container) input.container = container;
    if (Object.keys(input).length === 1) return onClose();
    void submit(input);
  };

  return (
    <form className="stack edit-form" onSubmit={onSubmit} aria-label="Edit recording">
      {r.ruleId !== null && (
        <p className="note small">
          Edited by hand, it no longer follows its rule (the rule will not record this airing twice).
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      {r.channelId !== null && (
        <div className="field">
          <label htmlFor={`${id}-channel`}>Channel</label>
          <ChannelSelect id={`${id}-channel`} channels={channels} value={channelId} onChange={setChannelId} />
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-start`}>Programme start</label>
          <input
            id={`${id}-start`}
            type="datetime-local"
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-end`}>Programme end</label>
          <input
            id={`${id}-end`}
            type="datetime-local"
            value={end}
            onChange={(e) => setEnd(e.target.value)}
          />
        </div>
      </div>
      <div className="form-grid three">
        <div className="field">
          <label htmlFor={`${id}-before`}>Pad before</label>
          <input
            id={`${id}-before`}
            type="text"
            value={padBefore}
            onChange={(e) => setPadBefore(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-after`}>Pad after</label>
          <input
            id={`${id}-after`}
            type="text"
            value={padAfter}
            onChange={(e) => setPadAfter(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-container`}>Container</label>
          <select
            id={`${id}-container`}
            value={container}
            onChange={(e) => setContainer(e.target.value as Container)}
          >
            {CONTAINERS.map((c) => (
              <option key={c} value={c}>
                {c.toUpperCase()}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Actions pending={pending} error={error} onClose={onClose} />
    </form>
  );
}
