import { LogOut } from 'lucide-react';
import { useNavigate } from 'react-router';
import { useMe } from '../app/hooks';
import { session } from '../app/services';
import { Avatar } from '../app/ui/Avatar';
import { TopBar } from '../app/ui/TopBar';
import { FaceMatchingSwitch } from './FaceMatchingSwitch';
import './profile.css';

/** Who is signed in, and signing out. Part 2 adds stats, tagged photos and editing. */
export default function ProfileScreen() {
  const me = useMe();
  const navigate = useNavigate();
  const signOut = async () => {
    await session.signOut();
    navigate('/signin', { replace: true });
  };
  return (
    <>
      <TopBar title="Profile" />
      <section className="profile">
        {me.data && (
          <div className="profile-head">
            <Avatar user={me.data} size={72} />
            <div>
              <h2>{me.data.name}</h2>
              <p className="muted">@{me.data.username}</p>
            </div>
          </div>
        )}
        {me.data && (
          <section className="profile-privacy" aria-labelledby="profile-privacy-title">
            <h3 id="profile-privacy-title">Privacy</h3>
            <FaceMatchingSwitch me={me.data} />
          </section>
        )}
        <button type="button" className="btn btn-ghost" onClick={signOut}>
          <LogOut size={18} aria-hidden /> Sign out
        </button>
      </section>
    </>
  );
}
