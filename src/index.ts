/**
 * dcpsim as a library. Script runs from TypeScript:
 *
 *   import { runScenario } from 'dcpsim';
 *   const { summary } = runScenario({ model: 'models/default.yaml', seed: 7, duration: '30d' });
 *   console.log(summary.energy_mwh.facility);
 *
 * The kernel (clock and random streams) is usable on its own for other
 * discrete-event models.
 */
export { Simulation, type Handle } from './kernel/simulation.ts';
export { RandomStreams, Rng } from './kernel/random.ts';
export { parseDuration, formatDuration, parseDate, formatTimestamp } from './kernel/time.ts';
export { InputError } from './model/errors.ts';
export { loadModel, type Loaded } from './model/load.ts';
export { quantity, kinds as quantityKinds } from './model/units.ts';
export { CHIPS, type ChipSpec } from './model/chips.ts';
export { scenarioSchema, scenarioJsonSchema, type Scenario } from './scenario.ts';
export { Site } from './site.ts';
export {
  runScenario,
  runScenarioAsync,
  loadScenario,
  resolveModel,
  VERSION,
  type RunOptions,
  type RunResult,
} from './run.ts';
export type { RunSummary } from './output/tables/summary.ts';
export type { Policy, PolicyState, PolicyDecision, RunView } from './policy/script.ts';
export { loadPolicy } from './policy/load.ts';
export {
  runSweep,
  prepareSweep,
  executeSweep,
  mergeSweep,
  type SweepRunOptions,
  type SweepResult,
  type MergeResult,
} from './sweep/sweep.ts';
export { runSizing, type SizingRunOptions, type SizingResult } from './sizing/size.ts';
export { writePlots, chartsOf, type Chart } from './output/charts/plot.ts';
export { writeReport, reportHtml } from './output/charts/report.ts';
export {
  compareRuns,
  diffRuns,
  diffSummaries,
  sideBySide,
  type DiffRow,
  type SideBySideRow,
} from './output/terminal/diff.ts';
export { readFolder, readFrame } from './output/tables/folder.ts';
