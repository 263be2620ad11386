// The form to schedule a recording of a channel or a URL. Times are local wall-clock in the inputs.
import { useState, type FormEvent } from 'react';
import { parseDuration } from '../src-shared/time-input';
import type { CommandInput } from '../src-shared/contract';
import { run, useStore } from './store';

function localInputValue(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function ScheduleForm() {
  const channels = useStore((s) => s.channels);
  const [source, setSource] = useState<'url' | 'channel'>('url');
  const [url, setUrl] = useState('');
  const [channelId, setChannelId] = useState('');
  const [title, setTitle] = useState('');
  const [start, setStart] = useState(() => localInputValue(Date.now()));
  const [startNow, setStartNow] = useState(true);
  const [duration, setDuration] = useState('30m');
  const [padBefore, setPadBefore] = useState('0s');
  const [padAfter, setPadAfter] = useState('0s');

  async function submit(event: FormEvent) {
    event.preventDefault();
    let input: CommandInput<'recordings.schedule'>;
    try {
      input = {
        start: startNow ? Date.now() : new Date(start).getTime(),
        durationMs: parseDuration(duration),
        padBeforeMs: parseDuration(padBefore),
        padAfterMs: parseDuration(padAfter),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(source === 'url' ? { url } : { channelId: Number(channelId) }),
      };
    } catch (error) {
      useStore.getState().setError((error as Error).message);
      return;
    }
    const created = await run((client) => client.call('recordings.schedule', input));
    if (created) setTitle('');
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Schedule a recording">
      <fieldset className="source">
        <label>
          <input type="radio" name="source" checked={source === 'url'} onChange={() => setSource('url')} />{' '}
          Stream URL
        </label>
        <label>
          <input
            type="radio"
            name="source"
            checked={source === 'channel'}
            onChange={() => setSource('channel')}
            disabled={channels.length === 0}
          />{' '}
          Channel
        </label>
      </fieldset>
      {source === 'url' ? (
        <label>
          URL
          <input
            name="url"
            type="url"
            required
            placeholder="http://provider/live/channel.ts"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
      ) : (
        <label>
          Channel
          <select name="channel" required value={channelId} onChange={(e) => setChannelId(e.target.value)}>
            <option value="">Choose…</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Title
        <input name="title" placeholder="optional" value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label className="inline">
        <input
          name="startNow"
          type="checkbox"
          checked={startNow}
          onChange={(e) => setStartNow(e.target.checked)}
        />{' '}
        Start now
      </label>
      {!startNow && (
        <label>
          Start
          <input
            name="start"
            type="datetime-local"
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
        </label>
      )}
      <label>
        Duration
        <input
          name="duration"
          placeholder="30m, 1h30m, 90s"
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
        />
      </label>
      <div className="row">
        <label>
          Pad before
          <input name="padBefore" value={padBefore} onChange={(e) => setPadBefore(e.target.value)} />
        </label>
        <label>
          Pad after
          <input name="padAfter" value={padAfter} onChange={(e) => setPadAfter(e.target.value)} />
        </label>
      </div>
      <button type="submit">Schedule</button>
    </form>
  );
}
