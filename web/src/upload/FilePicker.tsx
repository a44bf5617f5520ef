import { ImagePlus, Plus } from 'lucide-react';
import { type DragEvent, useId, useState } from 'react';
import './file-picker.css';

export interface Picked {
  key: string;
  file: File;
}

const IMAGE_NAME = /\.(jpe?g|png|gif|webp|heic|heif|avif|tiff?|bmp)$/i;
let nextKey = 0;

/** Keeps the images among dropped or chosen files (a dropped folder may hold anything). */
function imagesOf(list: FileList | null): Picked[] {
  return Array.from(list ?? [])
    .filter((file) => file.type.startsWith('image/') || IMAGE_NAME.test(file.name))
    .map((file) => ({ key: `p${++nextKey}`, file }));
}

/**
 * Choosing photos: a file input (on a phone it offers the camera roll and the camera) inside a
 * drop zone (the whole zone opens the picker); `compact` is the "Add more" button once some are chosen.
 */
export function FilePicker(props: { onPick: (files: Picked[]) => void; compact?: boolean }) {
  const id = useId();
  const [over, setOver] = useState(false);
  const input = (
    <input
      id={id}
      className="visually-hidden"
      type="file"
      accept="image/*"
      multiple
      onChange={(e) => {
        const files = imagesOf(e.target.files);
        e.target.value = '';
        if (files.length) props.onPick(files);
      }}
    />
  );
  if (props.compact) {
    return (
      <label className="btn btn-soft file-picker-more" htmlFor={id}>
        {input}
        <Plus size={18} aria-hidden /> Add more
      </label>
    );
  }
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = imagesOf(e.dataTransfer.files);
    if (files.length) props.onPick(files);
  };
  return (
    <label
      htmlFor={id}
      className={`file-drop${over ? ' file-drop-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <span className="file-drop-icon">
        <ImagePlus size={32} aria-hidden />
      </span>
      <span className="file-drop-title">Add your photos</span>
      <span className="file-drop-text muted">
        Choose from your library or take new ones. On a computer, drop them here.
      </span>
      {input}
      <span className="btn btn-primary">Choose photos</span>
    </label>
  );
}
