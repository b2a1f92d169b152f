export { Simulation, type Handle } from './simulation.ts';
export { RandomStreams, Rng, logGamma } from './random.ts';
export { SECONDS, parseDuration, formatDuration, parseDate, formatTimestamp } from './time.ts';
