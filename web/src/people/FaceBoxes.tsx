import type { PhotoFace } from '@pixeli/contract';
import { boxStyle, faceName } from './faces';
import './faces.css';

/**
 * The faces drawn over the photo ("Show faces"): one frame per face with its name, laid over the
 * photo's own box so they zoom and pan with it. They take no pointer input: the gestures stay the photo's.
 */
export function FaceBoxes(props: { faces: PhotoFace[] }) {
  return (
    <div className="face-boxes" data-testid="face-boxes" aria-hidden>
      {props.faces.map((face, i) => (
        <div
          // Faces have no id of their own; their order in the answer is stable for one photo.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          className="face-box"
          data-unnamed={face.user ? undefined : ''}
          style={boxStyle(face.box)}
        >
          <span className="face-box-name">{faceName(face)}</span>
        </div>
      ))}
    </div>
  );
}
