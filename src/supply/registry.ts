/**
 * Every supply kind, by name. Adding a kind is one new file and one line
 * here. Every kind also takes `in_service` and `retire` dates (service.ts).
 */
import * as z from 'zod';
import { checkGrid, gridSchema, createGrid, exportPriceWithoutCap } from './grid.ts';
import { smrSchema, createSmr, loadFollowingWithoutMode, SMR_PRICE } from './smr.ts';
import { fusionSchema, createFusion, FUSION_PRICE } from './fusion.ts';
import { solarSchema, createSolar, SPACE_SOLAR_PRICE } from './solar.ts';
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

/** Each kind's price when none is given, a contract's that pays for the plant: refused beside its capital. */
const CONTRACT_PRICE: Record<string, { usdPerMwh: number; what: string }> = {
  smr: SMR_PRICE,
  'fusion-ppa': FUSION_PRICE,
  'space-solar': SPACE_SOLAR_PRICE,
};

/**
 * A plant owned (its costs give capital, space solar's launch, fuel, O&M or decommissioning) without its `price` is
 * refused: the default price is a contract's, which pays for the plant, and was paid per MWh on top of those costs. A
 * 1 MW SMR at 6,041 $/kW over 10 years at 7 % was charged NuScale's 89 $/MWh on every MWh taken besides: NPC $4.32M
 * where with price 0 it is $3.51M; one whose capital is sunk, given its fuel at 7 $/MWh alone, paid 96 $/MWh. Read as
 * written, before the defaults fill the price in. A lifetime or replacement share alone costs nothing and is taken.
 */
/** The costs only an owner pays. */
const OWNER_COSTS = ['capital', 'launch', 'fuel', 'variable_om', 'fixed_om', 'decommissioning'];

function ownedWithoutPrice(o: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof o !== 'object' || o === null) return o;
  const s = o as Record<string, unknown>;
  const contract = typeof s.kind === 'string' ? CONTRACT_PRICE[s.kind] : undefined;
  const costs = s.costs as Record<string, unknown> | undefined;
  if (contract === undefined || s.price !== undefined || typeof costs !== 'object' || costs === null) return o;
  // Space solar's launch is capital too (src/economics/components.ts).
  const owned = OWNER_COSTS.find((f) => costs[f] !== undefined);
  if (owned !== undefined)
    ctx.addIssue({
      code: 'custom',
      message: `a price beside costs.${owned} (0 for a plant owned, or what each MWh costs beyond its costs' fuel and O&M: left out, it is ${contract.usdPerMwh} $/MWh, ${contract.what}, which pays for the plant, paid again on top of its ${owned === 'capital' || owned === 'launch' ? 'capital' : 'costs'})`,
      path: ['price'],
      input: undefined,
    });
  return o;
}

export const supplySchema = z.preprocess(
  (o, ctx) => exportPriceWithoutCap(ownedWithoutPrice(loadFollowingWithoutMode(o, ctx), ctx), ctx),
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
