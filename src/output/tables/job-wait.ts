/**
 * The words of a mean job wait that is a lower bound: a job still queued at the end counts its wait so far
 * (docs/models/workload.md), and the run's table, the report, dcpsim diff and the workbook say why. A module that
 * imports nothing, as the run's table is on the command line's path (tests/dist.test.ts).
 */
export const queuedWords = (queued: number): string =>
  `${String(queued).replace(/\B(?=(\d{3})+$)/g, ',')} still queued at the end, ${queued === 1 ? 'its wait' : 'their waits'} counted to it`;
