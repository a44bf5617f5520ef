import { Bell } from 'lucide-react';
import { EmptyState } from '../app/ui/EmptyState';
import { TopBar } from '../app/ui/TopBar';

/** Part 2 of the web app brings the notification list here; the API and socket are ready. */
export default function NotificationsScreen() {
  return (
    <>
      <TopBar title="Notifications" />
      <EmptyState title="Notifications are on their way" icon={<Bell size={32} aria-hidden />}>
        Likes, comments and tags will show up here.
      </EmptyState>
    </>
  );
}
