import { useEffect, useState } from 'react';

/**
 * The invite link as a QR code, drawn in the browser. The `qrcode` library loads only when a link
 * is shown (a dynamic import: its own chunk, not in the first page's JavaScript).
 */
export function InviteQr(props: { url: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    import('qrcode')
      .then((qr) => qr.toString(props.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }))
      .then((text) => current && setSvg(text))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [props.url]);
  if (failed) return null;
  return svg ? (
    <img
      className="invite-qr"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt="QR code of the invite link"
      width={200}
      height={200}
    />
  ) : (
    <div className="invite-qr skeleton" aria-hidden />
  );
}
