import { Search } from 'lucide-react';
import { EmptyState } from '../app/ui/EmptyState';
import { TopBar } from '../app/ui/TopBar';

/** Part 2 of the web app brings search here; the API (`/api/search/`) is ready. */
export default function SearchScreen() {
  return (
    <>
      <TopBar title="Search" />
      <EmptyState title="Search is on its way" icon={<Search size={32} aria-hidden />}>
        Soon you will find people, events and photos from one box.
      </EmptyState>
    </>
  );
}
