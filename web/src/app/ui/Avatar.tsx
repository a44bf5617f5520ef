import type { MiniUser } from '@pixeli/contract';
import './avatar.css';

/** A person's picture, or their initial on a colour derived from their id (stable per person). */
export function Avatar(props: {
  user: Pick<MiniUser, 'id' | 'name' | 'username' | 'profile_pic'>;
  size?: number;
}) {
  const size = props.size ?? 32;
  const label = props.user.name || props.user.username;
  if (props.user.profile_pic) {
    return (
      <img
        className="avatar"
        src={props.user.profile_pic}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        decoding="async"
      />
    );
  }
  return (
    <span
      className="avatar avatar-initial"
      data-hue={hueBucket(props.user.id)}
      style={{ width: size, height: size, fontSize: size * 0.42 }}
      aria-hidden
    >
      {label.charAt(0).toUpperCase()}
    </span>
  );
}

/** One of six palette buckets (tokens in avatar.css), so initials are not all one colour. */
function hueBucket(id: string): number {
  let sum = 0;
  for (const char of id) sum = (sum + char.charCodeAt(0)) % 6;
  return sum;
}
