import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadAverage, machineFacts, machineLine } from '../report.mjs';
import { importBuilt } from '../server-deps.mjs';
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
const { SAMPLE_PEOPLE, mirroredCropAround, samplePhotoPath } = await importBuilt(
  'features/ml/sample-photos.js',
);
const { faceSimilarity } = await importBuilt('features/ml/similarity.js');

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
console.log(
  `FACE_MATCH_THRESHOLD ${config.FACE_MATCH_THRESHOLD}: same faces below it ${same.filter((s) => s < config.FACE_MATCH_THRESHOLD).length}, different people at or above it ${differentInPhoto.filter((s) => s >= config.FACE_MATCH_THRESHOLD).length}`,
);

function distance(face, centre) {
  return Math.hypot(face.box.x + face.box.width / 2 - centre.x, face.box.y + face.box.height / 2 - centre.y);
}
