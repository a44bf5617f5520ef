import { passwordStrength, STRENGTH_LABEL } from './password-strength';

/** Three bars and a word under the new password: a nudge towards length, never a gate. */
export function PasswordStrength(props: { password: string }) {
  const level = passwordStrength(props.password);
  return (
    <div className="strength" data-level={level}>
      <div className="strength-bar" aria-hidden>
        <span />
        <span />
        <span />
      </div>
      <span>{props.password ? STRENGTH_LABEL[level] : STRENGTH_LABEL[0]}</span>
    </div>
  );
}
