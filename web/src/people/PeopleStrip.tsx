import type { PersonRead } from '@pixeli/contract';
import { ScanFace, UserRound, X } from 'lucide-react';

/** Under a 64 px face only a first name fits; the rest is there for screen readers. */
function PersonName(props: { name: string | null }) {
  if (!props.name)
    return (
      <span className="person-name" data-unnamed="">
        Unnamed
      </span>
    );
  const [first, ...rest] = props.name.trim().split(/\s+/);
  return (
    <span className="person-name">
      {first}
      {rest.length > 0 && <span className="visually-hidden"> {rest.join(' ')}</span>}
    </span>
  );
}

const countWords = (n: number) => `${n} ${n === 1 ? 'photo' : 'photos'}`;

/**
 * The event's people above its gallery: a row of round face crops that scrolls sideways, each
 * with its count and, where linked, its name. Choosing one filters the gallery (the URL carries
 * it); the chosen one can be cleared from the chip below the row. "Find my photos" leads the row.
 */
export function PeopleStrip(props: {
  people: PersonRead[];
  selected: string | null;
  onSelect: (personId: string | null) => void;
  onFindMe: () => void;
}) {
  const chosen = props.people.find((p) => p.id === props.selected);
  // "Photos of Unnamed" reads as a name; the chip shows their face beside this.
  const chosenName = chosen?.name ?? 'this person';
  return (
    <section className="people-strip" aria-label="People in this event">
      <div className="people-strip-head">
        <h2 className="people-strip-title">People</h2>
        <button type="button" className="btn btn-soft people-find-me" onClick={props.onFindMe}>
          <ScanFace size={18} aria-hidden /> Find my photos
        </button>
      </div>
      <ul className="people-row">
        {props.people.map((person) => {
          const active = person.id === props.selected;
          return (
            <li key={person.id}>
              <button
                type="button"
                className="person-pick"
                aria-pressed={active}
                onClick={() => props.onSelect(active ? null : person.id)}
              >
                <span className="person-face">
                  {person.face_url ? (
                    <img
                      src={person.face_url}
                      alt=""
                      width={64}
                      height={64}
                      decoding="async"
                      loading="lazy"
                    />
                  ) : (
                    <UserRound size={28} aria-hidden />
                  )}
                  <span className="person-count" aria-hidden>
                    {person.photos_count}
                  </span>
                </span>
                <PersonName name={person.name} />
                <span className="visually-hidden">, {countWords(person.photos_count)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {props.selected && (
        <div className="people-filter">
          <button
            type="button"
            className="people-filter-chip"
            onClick={() => props.onSelect(null)}
            aria-label={`Showing photos of ${chosenName}. Show everyone`}
          >
            {chosen?.face_url && <img src={chosen.face_url} alt="" width={24} height={24} />}
            <span>
              Photos of <strong>{chosenName}</strong>
            </span>
            <X size={16} aria-hidden />
          </button>
        </div>
      )}
    </section>
  );
}
