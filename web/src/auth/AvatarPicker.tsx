import type { Me } from '@pixeli/contract';
import { AVATAR_TYPES } from '@pixeli/contract';
import { Camera, LoaderCircle, Trash2, UserRound } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { meKey } from '../app/hooks';
import { api, queryClient } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { avatarFileProblem, uploadAvatar } from './avatar';
import { describeFailure } from './form';

/**
 * Pick a picture, see it cropped round at once (the local file, before it is sent), and upload it.
 * The server crops the same centred square, so what the preview shows is what others will see.
 */
export function AvatarPicker(props: { me: Me }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The local preview's object URL is freed when it is replaced or the screen goes.
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  const shown = preview ?? props.me.profile_pic;

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const problem = avatarFileProblem(file);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    setPreview(URL.createObjectURL(file));
    setBusy(true);
    try {
      queryClient.setQueryData(meKey, await uploadAvatar(file));
      // From now on the picture is the server's (cropped as the preview was): show that one.
      setPreview(null);
    } catch (failure) {
      setPreview(null);
      setError(describeFailure(failure, []).message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(meKey, await api.call(endpoints.auth.removeAvatar));
      setPreview(null);
    } catch (failure) {
      setError(describeFailure(failure, []).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="avatar-picker">
      <div className="avatar-picker-frame">
        {shown ? (
          <img src={shown} alt="You, as others will see you" width={112} height={112} />
        ) : (
          <UserRound size={48} aria-hidden />
        )}
        {busy && (
          <span className="avatar-picker-busy" role="status" aria-label="Uploading your picture">
            <LoaderCircle className="auth-spin" size={28} aria-hidden />
          </span>
        )}
      </div>
      <input
        ref={input}
        id={inputId}
        className="visually-hidden"
        type="file"
        accept={AVATAR_TYPES.join(',')}
        aria-label="Choose a profile picture"
        tabIndex={-1}
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      <div className="avatar-picker-actions">
        <button type="button" className="btn btn-soft" disabled={busy} onClick={() => input.current?.click()}>
          <Camera size={18} aria-hidden /> {shown ? 'Change picture' : 'Add a picture'}
        </button>
        {shown && !busy && (
          <button type="button" className="btn btn-ghost" onClick={remove}>
            <Trash2 size={18} aria-hidden /> Remove
          </button>
        )}
      </div>
      {error && (
        <p className="auth-alert" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
