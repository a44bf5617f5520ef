import { useId } from 'react';
import type { UploadOptions } from '../lib/upload-queue';
import { LIMITS, READ_CHOICES, SHARE_CHOICES } from './choices';
import { PeoplePicker } from './PeoplePicker';
import { TagInput } from './TagInput';
import './options-form.css';

/** The options a photo is uploaded with: who sees it, who may share it, people, tags, caption. */
export function OptionsForm(props: { value: UploadOptions; onChange: (next: UploadOptions) => void }) {
  const captionId = useId();
  const set = (change: Partial<UploadOptions>) => props.onChange({ ...props.value, ...change });
  return (
    <div className="options-form">
      <Choice
        legend="Who can see"
        name="read"
        choices={READ_CHOICES}
        value={props.value.read_perm}
        onChange={(read_perm) => set({ read_perm })}
      />
      <Choice
        legend="Who can share"
        name="share"
        choices={SHARE_CHOICES}
        value={props.value.share_perm}
        onChange={(share_perm) => set({ share_perm })}
      />
      <PeoplePicker
        value={props.value.tagged_usernames}
        onChange={(tagged_usernames) => set({ tagged_usernames })}
      />
      <TagInput value={props.value.user_tags} onChange={(user_tags) => set({ user_tags })} />
      <div className="field">
        <label htmlFor={captionId}>Caption</label>
        <textarea
          id={captionId}
          className="input"
          rows={3}
          maxLength={LIMITS.caption}
          placeholder="Say something about the moment"
          value={props.value.caption}
          onChange={(e) => set({ caption: e.target.value })}
        />
      </div>
    </div>
  );
}

function Choice<T extends string>(props: {
  legend: string;
  name: string;
  choices: { value: T; label: string; hint: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  const name = `${useId()}-${props.name}`;
  return (
    <fieldset className="choice">
      <legend>{props.legend}</legend>
      {props.choices.map((choice) => (
        <label key={choice.value} className="choice-option">
          <input
            type="radio"
            name={name}
            value={choice.value}
            checked={props.value === choice.value}
            onChange={() => props.onChange(choice.value)}
          />
          <span className="choice-text">
            <span className="choice-label">{choice.label}</span>
            <span className="choice-hint">{choice.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
