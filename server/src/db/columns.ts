import { getTableColumns } from 'drizzle-orm';
import { events, photos } from './schema.js';

/**
 * Every column of photos and of events but what PostgreSQL keeps for searching them
 * (`search_document`, `search_title`), which only the search queries read, in their WHERE clauses. Selected
 * with the rest, each photo list carried fifty events' documents to the server and parsed them.
 */
const { searchDocument: _photoDocument, ...photoColumns } = getTableColumns(photos);
const {
  searchDocument: _eventDocument,
  searchTitle: _eventSearchTitle,
  ...eventColumns
} = getTableColumns(events);

export { eventColumns, photoColumns };
export type PhotoRow = Omit<typeof photos.$inferSelect, 'searchDocument'>;
export type EventRow = Omit<typeof events.$inferSelect, 'searchDocument' | 'searchTitle'>;
