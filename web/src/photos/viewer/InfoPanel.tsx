import type { PhotoRead } from '@pixeli/contract';
import { Calendar, Camera, MapPin, X } from 'lucide-react';
import { useId } from 'react';
import { Link } from 'react-router';
import { Avatar } from '../../app/ui/Avatar';
import { FacesSection } from '../../people/FacesSection';
import { cameraFacts, formatTaken, gpsOf } from './facts';

/**
 * What is known about the photo: its caption, tags as chips, its faces, the people in it, when and with what
 * it was taken, and where when the API says so. The viewer puts it in a sheet on a phone and
 * beside the photo on a desktop.
 */
export function InfoContent(props: {
  photo: PhotoRead;
  showFaces: boolean;
  onShowFaces: (show: boolean) => void;
}) {
  const { photo } = props;
  const facts = cameraFacts(photo);
  const gps = gpsOf(photo);
  const tags = [
    ...photo.user_tags.map((t) => ({ t, auto: false })),
    ...photo.auto_tags.map((t) => ({ t, auto: true })),
  ];
  return (
    <div className="viewer-info" data-testid="viewer-info">
      {photo.caption && <p className="viewer-info-caption">{photo.caption}</p>}
      {tags.length > 0 && (
        <ul className="viewer-chips" aria-label="Tags">
          {tags.map(({ t, auto }) => (
            <li key={`${auto}-${t}`} className="viewer-chip" data-auto={auto || undefined}>
              {t}
            </li>
          ))}
        </ul>
      )}

      <section className="viewer-info-section" aria-label="Details">
        <div className="viewer-fact-row">
          <Calendar className="viewer-fact-icon" size={20} aria-hidden />
          <div>
            <div>{formatTaken(photo.timestamp, 'long')}</div>
            <Link className="viewer-info-link" to={`/events/${photo.event}`}>
              {photo.event_title}
            </Link>
          </div>
        </div>
        {facts.length > 0 && (
          <div className="viewer-fact-row">
            <Camera className="viewer-fact-icon" size={20} aria-hidden />
            <dl className="viewer-facts">
              {facts.map((f) => (
                <div key={f.label}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
        {gps && (
          <div className="viewer-fact-row">
            <MapPin className="viewer-fact-icon" size={20} aria-hidden />
            <a
              className="viewer-info-link"
              href={`https://www.openstreetmap.org/?mlat=${gps.latitude}&mlon=${gps.longitude}#map=16/${gps.latitude}/${gps.longitude}`}
              target="_blank"
              rel="noreferrer noopener"
            >
              {gps.latitude.toFixed(5)}, {gps.longitude.toFixed(5)}
            </a>
          </div>
        )}
      </section>

      <FacesSection photo={photo} showFaces={props.showFaces} onShowFaces={props.onShowFaces} />

      {photo.tagged_users.length > 0 && (
        <section className="viewer-info-section">
          <h3 className="viewer-info-heading">People</h3>
          <ul className="viewer-people">
            {photo.tagged_users.map((user) => (
              <li key={user.id} className="viewer-person">
                <Avatar user={user} size={36} />
                <span className="viewer-person-names">
                  <span>{user.name || user.username}</span>
                  <span className="viewer-muted">@{user.username}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="viewer-info-section">
        <h3 className="viewer-info-heading">Uploaded by</h3>
        <div className="viewer-person">
          <Avatar user={photo.photographer} size={36} />
          <span className="viewer-person-names">
            <span>{photo.photographer.name || photo.photographer.username}</span>
            <span className="viewer-muted">@{photo.photographer.username}</span>
          </span>
        </div>
      </section>
    </div>
  );
}

/** The desktop's side panel (not modal: the photo stays usable beside it). */
export function InfoSidePanel(props: {
  photo: PhotoRead | undefined;
  onClose: () => void;
  showFaces: boolean;
  onShowFaces: (show: boolean) => void;
}) {
  const titleId = useId();
  return (
    <aside className="viewer-side" aria-labelledby={titleId}>
      <header className="viewer-side-header">
        <h2 id={titleId}>Info</h2>
        <button
          type="button"
          className="icon-btn viewer-icon-btn"
          aria-label="Close info"
          onClick={props.onClose}
        >
          <X size={20} aria-hidden />
        </button>
      </header>
      {props.photo ? (
        <InfoContent photo={props.photo} showFaces={props.showFaces} onShowFaces={props.onShowFaces} />
      ) : (
        <p className="viewer-muted">Loading…</p>
      )}
    </aside>
  );
}
