import './splash.css';

/** What shows for the instant a reload spends asking the server for a fresh sign-in. */
export function Splash() {
  return (
    <div className="splash" role="status" aria-label="Loading Pixel-i">
      <img src="/favicon.svg" width={56} height={56} alt="" />
    </div>
  );
}
