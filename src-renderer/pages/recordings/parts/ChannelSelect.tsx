// A channel picker: a native <select> (type-ahead, keyboard and phones for free), channels grouped as
// their playlist groups them.
import type { Channel } from '../../../../src-shared/domain';

export function ChannelSelect({
  id,
  channels,
  value,
  onChange,
  required,
}: {
  id: string;
  channels: readonly Channel[];
  value: number | null;
  onChange: (id: number | null) => void;
  required?: boolean;
}) {
  const groups = new Map<string, Channel[]>();
  for (const c of channels) {
    const key = c.group ?? 'Other';
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const label = (c: Channel) => (c.number ? `${c.number} · ${c.name}` : c.name);
  return (
    <select
      id={id}
      value={value ?? ''}
      required={required}
      onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
    >
      <option value="">Choose a channel…</option>
      {groups.size <= 1
        ? channels.map((c) => (
            <option key={c.id} value={c.id}>
              {label(c)}
            </option>
          ))
        : [...groups.entries()].map(([group, list]) => (
            <optgroup key={group} label={group}>
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {label(c)}
                </option>
              ))}
            </optgroup>
          ))}
    </select>
  );
}
