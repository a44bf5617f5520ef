/**
 * The photo lists' sources and query keys, in a module that imports nothing, so the app's services
 * (the upload queue) can name them without an import cycle through the queries.
 */
export type PhotoSource =
  | { kind: 'feed' }
  | { kind: 'mine' }
  /** `personId`: only the photos one person of the event appears in (the gallery's people filter). */
  | { kind: 'event'; eventId: string; personId?: string };

export const photoKeys = {
  all: ['photos'] as const,
  lists: () => ['photos', 'list'] as const,
  list: (source: PhotoSource) =>
    source.kind === 'event'
      ? source.personId
        ? (['photos', 'list', 'event', source.eventId, 'person', source.personId] as const)
        : (['photos', 'list', 'event', source.eventId] as const)
      : (['photos', 'list', source.kind] as const),
  one: (id: string) => ['photos', 'one', id] as const,
};
