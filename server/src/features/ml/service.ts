/** What other features use of photo analysis: queueing it after a photo's variants, and its worker. */
export { analysePhoto, queueAnalysis, startAnalysisWorker } from './analyse-photo.js';
/** Photos found by what they show (CLIP), for the search box. */
export { type ClipMatch, clipMatches } from './clip/clip-search.js';
/** At a server's start, so its first free-text search finds the vectors in memory. */
export { warmEmbeddingCache } from './clip/embedding-cache.js';
