import { useId, useState } from 'react';
import { Chips } from './Chips';
import { LIMITS } from './choices';

/** Free-text tags: Enter or a comma adds one; the same tag twice (any case) is kept once. */
export function TagInput(props: { value: string[]; onChange: (tags: string[]) => void }) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const full = props.value.length >= LIMITS.tags;

  const commit = (text: string) => {
    const fresh = text
      .split(',')
      .map((t) => t.trim().slice(0, LIMITS.tagLength))
      .filter(Boolean);
    const next = [...props.value];
    for (const tag of fresh) {
      if (next.length >= LIMITS.tags) break;
      if (!next.some((t) => t.toLowerCase() === tag.toLowerCase())) next.push(tag);
    }
    if (next.length !== props.value.length) props.onChange(next);
    setDraft('');
  };

  return (
    <div className="field">
      <label htmlFor={id}>Tags</label>
      <Chips
        values={props.value}
        label={(t) => `#${t}`}
        onRemove={(t) => props.onChange(props.value.filter((v) => v !== t))}
      />
      <input
        id={id}
        className="input"
        value={draft}
        disabled={full}
        placeholder={full ? 'That is the most tags a photo can have' : 'Add a tag and press Enter'}
        enterKeyHint="done"
        onChange={(e) => {
          const text = e.target.value;
          if (text.includes(',')) commit(text);
          else setDraft(text);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(draft);
          } else if (e.key === 'Backspace' && draft === '' && props.value.length > 0) {
            props.onChange(props.value.slice(0, -1));
          }
        }}
        onBlur={() => draft.trim() && commit(draft)}
      />
    </div>
  );
}
