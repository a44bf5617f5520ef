import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadAverage, machineFacts, machineLine } from '../report.mjs';
import { importBuilt, requireFromServer } from '../server-deps.mjs';
import { bareNodeChildRssMb, rssOf } from './process-memory.mjs';

/**
 * The ML engine alone (features/ml, built), on the face-api sample photos: the cold first photo
 * (child start + model load + one analysis), seconds per photo warm, this process's event-loop
 * delay meanwhile, the analysing child's peak RSS against a bare Node child's, and the face-similarity
 * distribution behind FACE_MATCH_THRESHOLD (each face re-cropped, mirrored and shrunk vs itself;
 * two faces of one photo, which are different people).
 *
 *   node bench/ml/engine.mjs [--rounds 3]
 */

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);

const { loadConfig } = await importBuilt('config.js');
const { createAnalyser } = await importBuilt('features/ml/analyser.js');
const { decodeForAnalysis } = await importBuilt('features/ml/decode.js');
const { SAMPLE_PEOPLE, NEW_SHOTS, faceNearest, mirroredCropAround, newShotOf, samplePhotoPath } =
  await importBuilt('features/ml/sample-photos.js');
const { faceSimilarity, toUnitVector } = await importBuilt('features/ml/similarity.js');

// The environment counts (ML_ANALYSIS_SIZE_PX, thresholds), so a setting can be measured before it is changed.
const config = loadConfig();
const decode = (source) =>
  decodeForAnalysis(source, {
    maxSidePx: config.ML_ANALYSIS_SIZE_PX,
    maxInputPixels: config.MAX_INPUT_PIXELS,
  });
const mb = (bytes) => (bytes / 1024 ** 2).toFixed(0);
const rssBeforeMb = mb(process.memoryUsage().rss);

const photos = [];
for (let n = 1; n <= SAMPLE_PEOPLE.length; n++) photos.push(await decode(samplePhotoPath(n)));
const copy = (p) => ({ ...p, pixels: p.pixels.slice() });

const analyser = createAnalyser(config);
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let started = performance.now();
const analyses = [await analyser.analyse(copy(photos[0]))];
const coldS = (performance.now() - started) / 1000;

started = performance.now();
let warmCount = 0;
for (let round = 0; round < rounds; round++) {
  for (const [i, photo] of photos.entries()) {
    const analysis = await analyser.analyse(copy(photo));
    if (round === 0) analyses[i] = analysis;
    warmCount++;
  }
}
const warmS = (performance.now() - started) / 1000 / warmCount;
loop.disable();

// Same person: each face cut out with its surroundings, mirrored and shrunk to 70 %.
const same = [];
for (const [i, analysis] of analyses.entries()) {
  for (const face of analysis.faces) {
    const { image, expectedCentre: centre } = await mirroredCropAround(samplePhotoPath(i + 1), face);
    const found = (await analyser.analyse(await decode(image))).faces;
    const nearest = found.sort((a, b) => distance(a, centre) - distance(b, centre))[0];
    if (nearest) same.push(faceSimilarity(face.embedding, nearest.embedding));
  }
}
const differentInPhoto = [];
for (const { faces } of analyses) {
  for (let a = 0; a < faces.length; a++) {
    for (let b = a + 1; b < faces.length; b++)
      differentInPhoto.push(faceSimilarity(faces[a].embedding, faces[b].embedding));
  }
}
const acrossPhotos = [];
for (let p = 0; p < analyses.length; p++) {
  for (let q = p + 1; q < analyses.length; q++) {
    for (const a of analyses[p].faces)
      for (const b of analyses[q].faces) acrossPhotos.push(faceSimilarity(a.embedding, b.embedding));
  }
}
// Harder "new photos": each face re-composed into another scene per recipe (sample-photos.ts).
const reshot = [];
let reshotMissed = 0;
const everyone = analyses.flatMap((a) => a.faces);
for (const shot of NEW_SHOTS) {
  const own = [];
  const nearestOther = [];
  for (const [i, analysis] of analyses.entries()) {
    for (const face of analysis.faces) {
      const { image, expectedCentre } = await newShotOf(i + 1, face, shot);
      const found = faceNearest((await analyser.analyse(await decode(image))).faces, expectedCentre);
      if (!found) {
        reshotMissed++;
        continue;
      }
      own.push(faceSimilarity(face.embedding, found.embedding));
      nearestOther.push(
        Math.max(
          ...everyone.filter((f) => f !== face).map((f) => faceSimilarity(f.embedding, found.embedding)),
        ),
      );
    }
  }
  reshot.push({ shot, own, nearestOther });
}

// Real photos of one person in different shots, as far as the installed packages ship them: Human's
// facematch demo database (descriptors from Human's same face model, named, of photos not shipped)
// holds three people twice or three times; Human's faceid screenshot is a webcam shot of one of
// them, its facedetect screenshot a crop of him from a group photo. Their faces re-analysed here
// score 0.83-0.91 against their own database entries, so the descriptors are comparable.
// The package's exports hide package.json: its main file is in dist/, one level down.
const humanDir = `${path.dirname(path.dirname(requireFromServer.resolve('@vladmandic/human')))}/`;
const database = requireFromServer(`${humanDir}demo/facematch/faces.json`).map((r) => ({
  name: r.name,
  vector: toUnitVector(r.embedding),
}));
const realSame = [];
const realDifferent = [];
for (let a = 0; a < database.length; a++) {
  for (let b = a + 1; b < database.length; b++) {
    const s = faceSimilarity(database[a].vector, database[b].vector);
    (database[a].name === database[b].name ? realSame : realDifferent).push(s);
  }
}
const webcam = (await analyser.analyse(await decode(`${humanDir}assets/screenshot-faceid.jpg`))).faces[0];
const cropped = (await analyser.analyse(await decode(`${humanDir}assets/screenshot-facedetect.jpg`))).faces;
if (webcam) {
  const him = database.filter((r) => r.name === 'vlado');
  for (const r of him) realSame.push(faceSimilarity(webcam.embedding, r.vector));
  // The group-photo crop of him is the facedetect face most like his database entries.
  const crop = cropped.sort(
    (x, y) => faceSimilarity(y.embedding, him[0].vector) - faceSimilarity(x.embedding, him[0].vector),
  )[0];
  if (crop) realSame.push(faceSimilarity(webcam.embedding, crop.embedding));
}

const stats = analyser.stats();
// Read while the child lives: its peak is gone with it.
const childRss = await rssOf(analyser.childPid());
await analyser.close();
const bareChildMb = await bareNodeChildRssMb();

const spread = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(3);
  return `n=${s.length} min ${s[0].toFixed(3)} p10 ${at(0.1)} median ${at(0.5)} p90 ${at(0.9)} max ${s[s.length - 1].toFixed(3)}`;
};
console.log(machineLine(machineFacts()), `load ${loadAverage()}`);
console.log(
  `faces found: ${analyses.map((a) => a.faces.length).join(', ')} (by eye: ${SAMPLE_PEOPLE.join(', ')})`,
);
console.log(`cold first photo (child process + models + 1 analysis): ${coldS.toFixed(2)} s`);
console.log(
  `warm: ${warmS.toFixed(3)} s per photo over ${warmCount} photos (${config.ML_ANALYSIS_SIZE_PX} px)`,
);
console.log(
  `this process's event-loop delay while analysing: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
);
console.log(
  `analysing child RSS: peak ${childRss.peakMb.toFixed(0)} MB, a bare Node child ${bareChildMb.toFixed(0)} MB, added by the analysis ${(childRss.peakMb - bareChildMb).toFixed(0)} MB`,
);
console.log(
  `this process (queue, decoding, no models) RSS: ${rssBeforeMb} MB before the analyser, peak ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
);
console.log(`model loads ${stats.loads}, photos analysed ${stats.analysed}`);
console.log(`similarity, same face re-cropped/mirrored/shrunk: ${spread(same)}`);
console.log(`similarity, two people of one photo:            ${spread(differentInPhoto)}`);
console.log(
  `similarity, faces of two different photos:       ${spread(acrossPhotos)} (may include one person twice)`,
);
for (const { shot, own, nearestOther } of reshot) {
  console.log(`similarity, re-shot "${shot.name}": own ${spread(own)}`);
  console.log(`  most similar other person:                     ${spread(nearestOther)}`);
}
const reshotOwn = reshot.flatMap((r) => r.own);
const reshotOther = reshot.flatMap((r) => r.nearestOther);
console.log(
  `similarity, re-shot (all recipes), own person:   ${spread(reshotOwn)}; heads not found ${reshotMissed}`,
);
console.log(`similarity, real same person in different shots: ${spread(realSame)}`);
console.log(`similarity, real different people (Human's db):  ${spread(realDifferent)}`);
const below = (xs) => xs.filter((s) => s < config.FACE_MATCH_THRESHOLD).length;
const atOrAbove = (xs) => xs.length - below(xs);
console.log(
  `FACE_MATCH_THRESHOLD ${config.FACE_MATCH_THRESHOLD}: re-shots below it ${below(reshotOwn)} of ${reshotOwn.length}, other people at or above it ${atOrAbove(reshotOther)}; real same person below it ${below(realSame)} of ${realSame.length}, real different people at or above it ${atOrAbove(realDifferent)} of ${realDifferent.length}`,
);
console.log(
  `FACE_MATCH_THRESHOLD ${config.FACE_MATCH_THRESHOLD}: same faces below it ${same.filter((s) => s < config.FACE_MATCH_THRESHOLD).length}, different people at or above it ${differentInPhoto.filter((s) => s >= config.FACE_MATCH_THRESHOLD).length}`,
);

function distance(face, centre) {
  return Math.hypot(face.box.x + face.box.width / 2 - centre.x, face.box.y + face.box.height / 2 - centre.y);
}
