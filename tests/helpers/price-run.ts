/**
 * The ISO price readers' oracle (tests/supply/grid-*.test.ts): the small model run from `start` for `duration` (two days unless given) with its
 * grid's price `price` (a file as downloaded, or its ISO UTC twin), every figure but the model's provenance (which
 * names the file and its hash).
 */
import { join } from 'node:path';
import { runScenario } from '../../src/run.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
let runs = 0;

export function priceRun(dir: string, start: string, price: string, duration = '2d') {
  const { model: _, ...figures } = runScenario({
    model: SMALL,
    set: [`start=${start}`, `duration=${duration}`, `supply[0].price=${price}`],
    out: join(dir, `price-run${runs++}`),
    sync: false,
  }).summary;
  return figures;
}
