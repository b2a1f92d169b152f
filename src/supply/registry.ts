/**
 * Every supply kind, by name. Adding a kind is one new file and one line
 * here. Every kind also takes `in_service` and `retire` dates (service.ts).
 */
import * as z from 'zod';
import { checkGrid, gridSchema, createGrid } from './grid.ts';
import { smrSchema, createSmr, loadFollowingWithoutMode } from './smr.ts';
import { fusionSchema, createFusion } from './fusion.ts';
import { solarSchema, createSolar } from './solar.ts';
import { batterySchema, createBattery } from './battery.ts';
import type { Supply, SupplyContext } from './supply.ts';
import { inService, serviceFields } from './service.ts';

const kinds = {
  grid: { schema: gridSchema.extend(serviceFields).superRefine(checkGrid), create: createGrid },
  smr: { schema: smrSchema.extend(serviceFields), create: createSmr },
  'fusion-ppa': { schema: fusionSchema.extend(serviceFields), create: createFusion },
  'space-solar': { schema: solarSchema.extend(serviceFields), create: createSolar },
  battery: { schema: batterySchema.extend(serviceFields), create: createBattery },
} as const;

type Kinds = typeof kinds;
export type SupplyConfig = { [K in keyof Kinds]: z.output<Kinds[K]['schema']> }[keyof Kinds];

export const supplySchema = z.preprocess(
  loadFollowingWithoutMode,
  z.discriminatedUnion('kind', Object.values(kinds).map((k) => k.schema) as unknown as [Kinds[keyof Kinds]['schema']]),
);

export function createSupply(cfg: SupplyConfig, ctx: SupplyContext): Supply {
  const kind = kinds[cfg.kind as keyof Kinds];
  return oneShape(inService((kind.create as (c: SupplyConfig, x: SupplyContext) => Supply)(cfg, ctx), ctx, cfg));
}

/**
 * The same supply as an object of one shape, every field of the contract present (undefined where
 * the kind has none), in one order. Each kind's own object has its own fields: with five kinds
 * every read of a field in the dispatch, run at every recomputation, saw five shapes, past what
 * the JIT specialises (four), and went through its slow generic lookup (issue 13).
 */
function oneShape(s: Supply): Supply {
  return {
    name: s.name,
    kind: s.kind,
    mustRun: s.mustRun,
    availableW: s.availableW,
    minW: s.minW,
    priceUsdPerJ: s.priceUsdPerJ,
    carbonKgPerJ: s.carbonKgPerJ,
    signalAt: s.signalAt,
    serving: s.serving,
    carbonFreeShare: s.carbonFreeShare,
    carbonFreeUnknown: s.carbonFreeUnknown,
    deliver: s.deliver,
    fixedCostUsdPerS: s.fixedCostUsdPerS,
    storage: s.storage,
    export: s.export,
    fade: s.fade,
    summary: s.summary,
    unitOutages: s.unitOutages,
  } satisfies Record<keyof Supply, unknown>; // every field of the contract, optional ones too: none dropped
}
