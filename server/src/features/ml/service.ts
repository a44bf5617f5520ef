/** What other features use of photo analysis: queueing it after a photo's variants, and its worker. */
export { analysePhoto, queueAnalysis, startAnalysisWorker } from './analyse-photo.js';
