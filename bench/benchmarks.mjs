/**
 * Every benchmark, by the name `npm run bench -- <name>` takes. `measures` is the line the
 * BENCHMARKS.md header shows; keep it to what is timed and against which floor.
 */
export const BENCHMARKS = {
  ingest: {
    measures:
      'photos per second from the first upload byte until every photo is processed (`CO`), through a ' +
      'real `pixeli serve` (HTTP bulk upload, PGlite, in-process queue, disk storage), against the ' +
      "floor of sharp decoding each photo and writing one 1600 px JPEG; the server's CPU per photo split " +
      "into the image work and everything around it; plus the server's peak RSS.",
    load: () => import('./ingest/run.mjs'),
  },
  realtime: {
    measures:
      "delivery latency (p50/p95/p99) of a like to its photographer's notification sockets, from just " +
      'before the POST until every socket holds the `notification`, with 100, 1,000 and 5,000 sockets open ' +
      'on a real `pixeli serve` (PGlite, in-process bus) and 1, 5 or 20 likes in flight, against the ' +
      "POST's own round trip in the same burst; plus the server's memory per socket and idle CPU.",
    load: () => import('./realtime/run.mjs'),
  },
  start: {
    measures:
      'seconds from `npm start` (after `npm install`, which builds) until `/api/health/` answers, on a ' +
      'new data folder and on a restart of the same folder, against targets of 10 s and 2 s.',
    load: () => import('./start/run.mjs'),
  },
  search: {
    measures:
      'p50/p95/p99 latency and requests per second of `/api/search/` (typed-as-you-go prefixes, a name, ' +
      'a tag) and `/api/photos/search/` (filters) through a real `pixeli serve` on PostgreSQL with 200,000 ' +
      'seed-demo photos, signed in as an ordinary member, against the floor of `/api/health/` in the same run.',
    load: () => import('./search/run.mjs'),
  },
  api: {
    measures:
      "requests per second, p50/p99 and the server's (and PostgreSQL's) CPU per request of the feed, " +
      "the events list, an event's gallery, one photo, notifications and likes, through a real " +
      '`pixeli serve` on PostgreSQL and embedded at 3,000 and 200,000 seed-demo photos, as a member and ' +
      'as an admin at 1/10/50 connections, each against `/api/health/` measured just before it.',
    load: () => import('./api/run.mjs'),
  },
  ml: {
    measures:
      'auto tags and faces (issue 13): seconds per photo (cold and warm) and peak RSS of the analysing ' +
      "process on the group photos shipped in @vladmandic/face-api; `/api/health/`'s and the feed's p99 " +
      'on a real `pixeli serve` before and while 20 photos are analysed; find-me p50/p95 on an event of ' +
      '2,000 photos with 3 faces each; against targets of 1 s, 25 ms, 300 ms and 300 MB added.',
    load: () => import('./ml/run.mjs'),
  },
  web: {
    measures:
      "the web app's first-load JS and CSS (gzip), the feed's LCP and CLS with 1,000 `seed-demo --images` " +
      'photos (phone and desktop, cold and warm, Debian Chromium on loopback) and long tasks, late frames ' +
      'and `<img>` count while scrolling 2,000 photos, against targets of 150 kB, 1.0 s, 0.02 and 100 ms.',
    load: () => import('./web/run.mjs'),
  },
};
