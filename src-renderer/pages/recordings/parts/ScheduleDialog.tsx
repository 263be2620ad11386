// "New recording": record a channel or a stream URL, now or at a time, for a duration or until an end,
// with padding. Replaces the first ScheduleForm. Fields are checked as typed; what only the core can
// judge (a window already over, a bad URL) comes back as its sentence, shown in the dialog.
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { CommandInput } from '../../../../src-shared/contract';
import { CONTAINERS, type Container } from '../../../../src-shared/domain';
import { api } from '../../../state/connection';
import { Dialog } from '../../../ui/Dialog';
import { formatDuration, formatWhen } from '../../../ui/format';
import { errorText, toast } from '../../../ui/toast';
import { useChannels } from '../data/lookups';
import { clockNow, fromLocalInput, readDuration, toLocalInput } from '../logic/time-fields';
import { ChannelSelect } from './ChannelSelect';

type From = 'channel' | 'url';

export function ScheduleDialog({ open, onClose, now }: { open: boolean; onClose: () => void; now: number }) {
  return (
    <Dialog open={open} onClose={onClose} title="New recording">
      {/* Mounted only while open: every opening starts from a fresh form and the current time. */}
      {open && <ScheduleForm onClose={onClose} now={now} />}
    </Dialog>
  );
}

function ScheduleForm({ onClose, now }: { onClose: () => void; now: number }) {
  const id = useId();
  const navigate = useNavigate();
  const { list: channels } = useChannels();
  const [from, setFrom] = useState<From>(channels.length > 0 ? 'channel' : 'url');
  const [channelId, setChannelId] = useState<number | null>(null);
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [startNow, setStartNow] = useState(true);
  const [start, setStart] = useState(() => toLocalInput(now + 3600_000 - (now % 3600_000)));
  const [byDuration, setByDuration] = useState(true);
  const [duration, setDuration] = useState('30m');
  const [end, setEnd] = useState(() => toLocalInput(now + 2 * 3600_000 - (now % 3600_000)));
  const [padBefore, setPadBefore] = useState('');
  const [padAfter, setPadAfter] = useState('');
  const [container, setContainer] = useState<Container | ''>('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const durationParsed = readDuration(duration);
  const before = readDuration(padBefore, { signed: true, emptyAs: 0 });
  const after = readDuration(padAfter, { signed: true, emptyAs: 0 });
  const startMs = startNow ? null : fromLocalInput(start);
  const endMs = byDuration ? null : fromLocalInput(end);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setError(null);
    if (!durationParsed.ok && byDuration) return setError(durationParsed.error);
    if (!before.ok) return setError(before.error);
    if (!after.ok) return setError(after.error);
    if (!startNow && startMs === null) return setError('give a start date and time');
    if (!byDuration && endMs === null) return setError('give an end date and time');
    if (from === 'channel' && channelId === null) return setError('choose a channel');
    const input: CommandInput<'recordings.schedule'> = {
      // "Now" is the moment of the click, not of the dialog's opening.
      start: startNow ? clockNow() : startMs!,
      ...(byDuration ? { durationMs: durationParsed.ok ? durationParsed.ms : 0 } : { end: endMs! }),
      ...(padBefore.trim() ? { padBeforeMs: before.ok ? before.ms : 0 } : {}),
      ...(padAfter.trim() ? { padAfterMs: after.ok ? after.ms : 0 } : {}),
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(container ? { container } : {}),
      ...(from === 'channel' ? { channelId: channelId! } : { url: url.trim() }),
    };
    setPending(true);
    try {
      const recording = await api().call('recordings.schedule', input);
      toast.success(
        recording.status === 'recording'
          ? `Recording “${recording.title}” now`
          : `“${recording.title}” will record ${formatWhen(recording.startAt - recording.padBeforeMs)}`,
      );
      onClose();
      void navigate(`/recordings?tab=${recording.status === 'recording' || startNow ? 'now' : 'upcoming'}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="schedule-form"
      aria-label="Schedule a recording"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <fieldset className="segmented-field">
        <legend>Record from</legend>
        <div className="segmented">
          <label>
            <input
              type="radio"
              name="from"
              checked={from === 'channel'}
              onChange={() => setFrom('channel')}
            />
            <span>Channel</span>
          </label>
          <label>
            <input type="radio" name="from" checked={from === 'url'} onChange={() => setFrom('url')} />
            <span>Stream URL</span>
          </label>
        </div>
      </fieldset>
      {from === 'channel' ? (
        <div className="field">
          <label htmlFor={`${id}-channel`}>Channel</label>
          <ChannelSelect
            id={`${id}-channel`}
            channels={channels}
            value={channelId}
            onChange={setChannelId}
            required
          />
          {channels.length === 0 && (
            <span className="hint">No channels yet: add a source, or record a URL.</span>
          )}
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-url`}>Stream URL</label>
          <input
            id={`${id}-url`}
            type="url"
            required
            placeholder="http://provider.example/live/channel.ts"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          type="text"
          placeholder="Optional: the channel and time if left empty"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>

      <div className="form-grid">
        <fieldset className="segmented-field">
          <legend>Start</legend>
          <div className="segmented">
            <label>
              <input type="radio" name="start" checked={startNow} onChange={() => setStartNow(true)} />
              <span>Now</span>
            </label>
            <label>
              <input type="radio" name="start" checked={!startNow} onChange={() => setStartNow(false)} />
              <span>At a time</span>
            </label>
          </div>
          <input
            type="datetime-local"
            aria-label="Start time"
            value={start}
            disabled={startNow}
            onChange={(e) => setStart(e.target.value)}
          />
        </fieldset>
        <fieldset className="segmented-field">
          <legend>Length</legend>
          <div className="segmented">
            <label>
              <input type="radio" name="length" checked={byDuration} onChange={() => setByDuration(true)} />
              <span>For</span>
            </label>
            <label>
              <input type="radio" name="length" checked={!byDuration} onChange={() => setByDuration(false)} />
              <span>Until</span>
            </label>
          </div>
          {byDuration ? (
            <input
              type="text"
              aria-label="Duration"
              aria-describedby={`${id}-duration-hint`}
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
            />
          ) : (
            <input
              type="datetime-local"
              aria-label="End time"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
            />
          )}
          <span className="hint" id={`${id}-duration-hint`}>
            {byDuration
              ? durationParsed.ok
                ? formatDuration(durationParsed.ms)
                : 'like 90s, 25m, 1h30m'
              : startMs !== null && endMs !== null && endMs > startMs
                ? formatDuration(endMs - startMs)
                : ' '}
          </span>
        </fieldset>
      </div>

      <div className="form-grid three">
        <div className="field">
          <label htmlFor={`${id}-before`}>Pad before</label>
          <input
            id={`${id}-before`}
            type="text"
            placeholder="0"
            value={padBefore}
            onChange={(e) => setPadBefore(e.target.value)}
            aria-invalid={!before.ok}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-after`}>Pad after</label>
          <input
            id={`${id}-after`}
            type="text"
            placeholder="0"
            value={padAfter}
            onChange={(e) => setPadAfter(e.target.value)}
            aria-invalid={!after.ok}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-container`}>Container</label>
          <select
            id={`${id}-container`}
            value={container}
            onChange={(e) => setContainer(e.target.value as Container | '')}
          >
            <option value="">Default</option>
            {CONTAINERS.map((c) => (
              <option key={c} value={c}>
                {c.toUpperCase()}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="hint small muted">
        Padding starts early and ends late; a minus starts late or ends early (-5m).
      </p>

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
          {startNow ? 'Record now' : 'Schedule'}
        </button>
      </div>
    </form>
  );
}
