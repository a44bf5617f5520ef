import { ImageOff } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { thumbnailOf } from './thumbnails';
import './thumb.css';

/** A picked file's preview, made once the tile comes near the screen. */
export function Thumb(props: { file: File; className?: string }) {
  const box = useRef<HTMLSpanElement>(null);
  const [url, setUrl] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let live = true;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        void thumbnailOf(props.file).then((made) => live && setUrl(made));
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [props.file]);

  return (
    <span ref={box} className={`thumb ${props.className ?? ''}`}>
      {url ? (
        <img src={url} alt="" decoding="async" />
      ) : url === null ? (
        <ImageOff size={20} aria-hidden />
      ) : null}
    </span>
  );
}
