import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { meKey, useMe } from '../app/hooks';
import { afterSignIn } from '../app/RequireSignIn';
import { api, queryClient } from '../app/services';
import { ErrorState } from '../app/ui/ErrorState';
import { endpoints } from '../lib/api/endpoints';
import { AuthLayout } from './AuthLayout';
import { AvatarPicker } from './AvatarPicker';
import { FormAlert, SubmitButton, TextField } from './fields';
import { useForm } from './form';

/**
 * The first profile, right after the code: the name (as given at sign-up), a line about oneself and
 * a picture. Everything is optional; Skip goes on as Continue does, saving nothing.
 */
export default function ProfileSetupScreen() {
  const me = useMe();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [bio, setBio] = useState('');
  const [filled, setFilled] = useState(false);
  const form = useForm(['name', 'bio']);
  const target = afterSignIn(search);

  useEffect(() => {
    if (!me.data || filled) return;
    setName(me.data.name);
    setBio(me.data.bio ?? '');
    setFilled(true);
  }, [me.data, filled]);

  if (me.isError && !me.data) return <ErrorState error={me.error} retry={() => void me.refetch()} />;

  const save = async () => {
    if (!me.data) return;
    const changes = {
      ...(name.trim() !== me.data.name ? { name } : {}),
      ...(bio.trim() !== (me.data.bio ?? '') ? { bio: bio.trim() || null } : {}),
    };
    const saved =
      Object.keys(changes).length === 0
        ? true
        : await form.submit(async () => {
            queryClient.setQueryData(meKey, await api.call(endpoints.auth.updateMe, { body: changes }));
            return true;
          });
    if (saved) navigate(target, { replace: true });
  };

  return (
    <AuthLayout title="Welcome to Pixel-i" lead="Add a picture so friends know it’s you in their events.">
      {me.data ? (
        <form
          className="auth-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <AvatarPicker me={me.data} />
          <FormAlert message={form.message} offline={form.offline} onRetry={save} />
          <TextField
            label="Name"
            name="name"
            autoComplete="name"
            required
            value={name}
            error={form.field('name')}
            onChange={(e) => {
              setName(e.target.value);
              form.clearField('name');
            }}
          />
          <BioField
            value={bio}
            error={form.field('bio')}
            onChange={(value) => {
              setBio(value);
              form.clearField('bio');
            }}
          />
          <div className="auth-actions">
            <SubmitButton busy={form.busy} busyLabel="Saving…">
              Continue
            </SubmitButton>
            <button
              type="button"
              className="btn btn-ghost btn-block"
              onClick={() => navigate(target, { replace: true })}
            >
              Skip for now
            </button>
          </div>
        </form>
      ) : (
        <div className="auth-form" aria-busy="true">
          <div className="skeleton avatar-skeleton" />
          <div className="skeleton" style={{ height: 48 }} />
          <div className="skeleton" style={{ height: 96 }} />
        </div>
      )}
    </AuthLayout>
  );
}

const BIO_MAX = 2000;

function BioField(props: { value: string; error?: string; onChange: (value: string) => void }) {
  return (
    <div className="field">
      <label htmlFor="welcome-bio">
        About you <span className="muted">(optional)</span>
      </label>
      <textarea
        id="welcome-bio"
        name="bio"
        className="input"
        rows={3}
        maxLength={BIO_MAX}
        placeholder="Photographer at the film club, class of 2026…"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? 'welcome-bio-error' : undefined}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && (
        <p className="error" id="welcome-bio-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
