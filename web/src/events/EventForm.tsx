import type { EventCreateBody } from '@pixeli/contract';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../lib/api/errors';
import { ChoiceCards } from './ChoiceCards';
import { ConfirmDialog } from './ConfirmDialog';
import { bodyOf, type EventFormValues, type FieldErrors, facesOffNeedsConfirm } from './eventForm';
import { Switch } from './Switch';
import { ORIGINAL_CHOICES, READ_CHOICES, WRITE_CHOICES } from './words';
import './event-form.css';

/**
 * Every setting of an event, grouped as a person thinks of them. `save` sends the body; its
 * ApiError's field messages land next to their fields, the rest above the button.
 */
export function EventForm(props: {
  initial: EventFormValues;
  submitLabel: string;
  save: (body: EventCreateBody) => Promise<unknown>;
  /** Editing an event that exists: turning its faces off then asks first. */
  existing?: boolean;
}) {
  const [values, setValues] = useState(props.initial);
  const [askingFacesOff, setAskingFacesOff] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof EventFormValues>(key: K) =>
    (value: EventFormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const setFaces = (on: boolean) => {
    if (facesOffNeedsConfirm(props.existing ? props.initial : null, on)) setAskingFacesOff(true);
    else set('facesEnabled')(on);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = bodyOf(values);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await props.save(built.body);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      const named = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[0]]));
      setErrors(named);
      const shownByField = Object.keys(named).some((k) => FIELD_NAMES.has(k));
      setFormError(shownByField ? null : error instanceof Error ? error.message : 'Could not save.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="event-form" onSubmit={submit} noValidate>
      <Section title="About">
        <TextField
          name="title"
          label="Title"
          value={values.title}
          onChange={set('title')}
          error={errors.title}
          required
          maxLength={120}
          autoFocus={!values.title}
        />
        <TextField
          name="description"
          label="Description"
          hint="Optional. What it is, who it is for."
          value={values.description}
          onChange={set('description')}
          error={errors.description}
          multiline
          maxLength={5000}
        />
      </Section>

      <Section title="When and where">
        <div className="event-form-dates">
          <TextField
            name="starts_at"
            label="Starts"
            type="datetime-local"
            value={values.startsAt}
            onChange={set('startsAt')}
            error={errors.starts_at}
          />
          <TextField
            name="ends_at"
            label="Ends"
            type="datetime-local"
            value={values.endsAt}
            onChange={set('endsAt')}
            error={errors.ends_at}
          />
        </div>
        <TextField
          name="location"
          label="Location"
          hint="Optional. A place people will recognise."
          value={values.location}
          onChange={set('location')}
          error={errors.location}
          maxLength={200}
        />
      </Section>

      <Section title="Who can take part">
        <ChoiceCards
          name="read_perm"
          legend="Who can see it"
          hint="You, the site’s admins and everyone you add always can."
          choices={READ_CHOICES}
          value={values.readPerm}
          onChange={set('readPerm')}
          error={errors.read_perm}
        />
        <ChoiceCards
          name="write_perm"
          legend="Who can add photos"
          hint="Contributors you add always can."
          choices={WRITE_CHOICES}
          value={values.writePerm}
          onChange={set('writePerm')}
          error={errors.write_perm}
        />
      </Section>

      <Section title="Photos">
        <ChoiceCards
          name="original_access"
          legend="Who can open the full-size originals"
          hint="Everyone else sees the web-sized versions."
          choices={ORIGINAL_CHOICES}
          value={values.originalAccess}
          onChange={set('originalAccess')}
          error={errors.original_access}
        />
        <div className="event-form-switches">
          <Switch
            label="Allow downloads"
            explanation="People who can see a photo may save it. You and its photographer always can."
            checked={values.allowDownload}
            onChange={set('allowDownload')}
          />
          <Switch
            label="Members may tag people"
            explanation="Everyone in the event may tag people in its photos; otherwise only you and each photographer."
            checked={values.membersCanTag}
            onChange={set('membersCanTag')}
          />
        </div>
        <TextField
          name="watermark_text"
          label="Watermark text"
          hint="Optional. A line under the Pixel-i mark on the watermarked copies, e.g. “© Photo Club 2026”. Photos added from now on carry it."
          value={values.watermarkText}
          onChange={set('watermarkText')}
          error={errors.watermark_text}
          maxLength={60}
        />
      </Section>

      <Section title="Faces">
        <Switch
          label="Faces and Find my photos"
          explanation="Groups faces so people can find the photos they are in. Turning it off deletes the event's face data."
          checked={values.facesEnabled}
          onChange={setFaces}
        />
        <ConfirmDialog
          open={askingFacesOff}
          title="Turn off faces for this event?"
          confirmLabel="Turn off"
          onConfirm={() => {
            set('facesEnabled')(false);
            setAskingFacesOff(false);
          }}
          onClose={() => setAskingFacesOff(false)}
        >
          <p>
            When you save, the faces, people and “this is me” links found in this event's photos are deleted,
            and nobody can search it with a selfie.
          </p>
        </ConfirmDialog>
      </Section>

      {formError && (
        <p className="event-form-error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-block event-form-submit" disabled={busy}>
        {busy ? 'Saving…' : props.submitLabel}
      </button>
    </form>
  );
}

const FIELD_NAMES = new Set([
  'title',
  'description',
  'starts_at',
  'ends_at',
  'location',
  'read_perm',
  'write_perm',
  'original_access',
  'watermark_text',
]);

function Section(props: { title: string; children: ReactNode }) {
  return (
    <section className="event-form-section">
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}

function TextField(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  type?: string;
  multiline?: boolean;
  required?: boolean;
  maxLength?: number;
  autoFocus?: boolean;
}) {
  const id = `event-${props.name}`;
  const describedBy =
    [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const shared = {
    id,
    name: props.name,
    className: 'input',
    value: props.value,
    required: props.required,
    maxLength: props.maxLength,
    autoFocus: props.autoFocus,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...shared} rows={3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...shared} type={props.type ?? 'text'} onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.hint && (
        <span className="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span className="error" id={`${id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}
