/**
 * The power chain between the supply and the chips: UPS, transformer/PDU
 * and server power supplies. Each stage draws `P_in = (P_out + P_fixed) /
 * η(load fraction)` (MODELS.md "Power chain"); the losses are heat that
 * cooling removes too. η is a constant or a curve against the stage's load
 * fraction (its output over its output at the design IT power),
 * interpolated piecewise linearly (src/model/interpolate.ts).
 */
import { piecewiseLinear } from '../model/interpolate.ts';
import * as z from 'zod';
import { quantity } from '../model/units.ts';

/** The least efficiency, a constant's or a curve point's: below 1 % a stage is a heater, not a converter. */
const MIN_EFFICIENCY = 0.01;

/**
 * The most load a curve point may name: a stage never carries more than its design load (1), and datasheets' overload
 * points reach 125 %. A UPS datasheet plots efficiency against % load, and a curve written so, [[10, 0.85], [50, 0.95],
 * [100, 0.96]], was read as 10 to 100 times the design load: every load the chain carries fell below its first point,
 * held flat at 85 % (losses of 20 % of the IT power where 6.8 %).
 */
const MAX_LOAD = 1.25;

const curvePoint = z.tuple([
  quantity(
    'fraction',
    { min: 0, max: MAX_LOAD },
    `Load fraction (output over output at design IT power), at most ${MAX_LOAD}`,
  ),
  // A datasheet's efficiencies in % beside its % loads, [[10%, 85%], ...], as a constant efficiency takes "95%": "85%"
  // was refused ('expected a number').
  quantity(
    'fraction',
    { min: MIN_EFFICIENCY, max: 1 },
    `Efficiency at that load, ${MIN_EFFICIENCY} to 1 or a percentage (as a constant efficiency)`,
  ),
]);

/**
 * A stage's input, load / efficiency, never falls as its load rises: no converter loses less as it carries more.
 * Between two points the efficiency is linear, so the input is monotone there and the points decide it (its slope's
 * sign is η0 x1 − η1 x0 over the segment). [[0.1, 0.3], [0.2, 0.9]] drew 333.3 W for 100 W and 222.2 W for 200 W of a
 * 1 kW stage, and the power cap's bisection, which relies on power rising with load, was no longer sound.
 */
const efficiencyCurve = z
  .array(curvePoint)
  .min(2)
  .superRefine((points, ctx) => {
    const order = points.map((_, i) => i).sort((a, b) => points[a][0] - points[b][0]);
    for (let k = 1; k < order.length; k++) {
      const [x0, e0] = points[order[k - 1]];
      const [x1, e1] = points[order[k]];
      if (x1 / e1 < x0 / e0)
        ctx.addIssue({
          code: 'custom',
          message: `an efficiency at most ${+((e0 * x1) / x0).toPrecision(4)} at load ${x1}: the input (load / efficiency) never falls as the load rises, and it is ${+(x0 / e0).toPrecision(4)} at [${x0}, ${e0}]`,
          path: [order[k], 1],
          input: e1,
        });
    }
  })
  .meta({ description: 'A curve: [load fraction, efficiency] points, increasing load, held flat outside' });

function stageSchema(what: string, eff: number, source: string) {
  return z
    .strictObject({
      efficiency: z
        .union([quantity('fraction', { min: MIN_EFFICIENCY, max: 1 }, 'A constant efficiency'), efficiencyCurve])
        .prefault(eff)
        .meta({ description: `${what} efficiency (${source})` }),
      fixed: quantity('power', { min: 0 }, 'Fixed draw whatever the load (no-load losses)').prefault(0),
    })
    .prefault({});
}

export const powerChainSchema = z
  .strictObject({
    ups: stageSchema('UPS', 0.95, 'double-conversion 92-97 %, reference.md §2.2'),
    pdu: stageSchema('Transformer and PDU', 0.98, 'an assumption: reference.md §2.2 found no per-stage figure'),
    psu: stageSchema(
      'Server power supply',
      1,
      '1: server power from the workload layer is taken at the plug, as DGX ratings are, reference.md §1.3',
    ),
  })
  .meta({
    description:
      'Conversion stages from the supply to the IT load, each a constant efficiency or a curve against load fraction',
  });

type PowerChainConfig = z.output<typeof powerChainSchema>;
type StageConfig = PowerChainConfig['ups'];

interface Stage {
  name: StageName;
  eff: (loadFraction: number) => number;
  fixedW: number;
  /** Output at design IT power, W (0: no load fraction). */
  designOutW: number;
  /** A curve's points as written, and their indices in load order; none for a constant. */
  points?: readonly (readonly [number, number])[];
  order?: readonly number[];
}

type StageName = 'psu' | 'pdu' | 'ups';

function stage(name: StageName, cfg: StageConfig): Stage {
  const e = cfg.efficiency;
  if (typeof e === 'number') return { name, eff: () => e, fixedW: cfg.fixed, designOutW: 0 };
  const order = e.map((_, i) => i).sort((a, b) => e[a][0] - e[b][0]);
  const s = piecewiseLinear(
    order.map((i) => e[i][0]),
    order.map((i) => e[i][1]),
  );
  return { name, eff: (f) => s(f), fixedW: cfg.fixed, designOutW: 0, points: e, order };
}

/** A curve point at which a stage's input, its fixed draw added, falls as its load rises. */
export interface FallingPoint {
  stage: StageName;
  /** The point's index in the curve as written. */
  index: number;
  /** The most efficiency it may have there for the input not to fall. */
  most: number;
  /** The point, the point before it in load order, and the input there and at the point, W. */
  point: readonly [number, number];
  before: readonly [number, number];
  /** The stage's fixed draw, W. */
  fixedW: number;
  beforeW: number;
  atW: number;
}

export class PowerChain {
  /** Order of conversion from the load outwards: PSU, PDU, UPS. */
  private readonly stages: Stage[];

  /** `designItW`: the IT power the chain is sized for (load fraction 1). */
  constructor(cfg: PowerChainConfig, designItW: number) {
    this.stages = [stage('psu', cfg.psu), stage('pdu', cfg.pdu), stage('ups', cfg.ups)];
    let out = designItW;
    for (const s of this.stages) {
      s.designOutW = out;
      out = (out + s.fixedW) / s.eff(1);
    }
  }

  /**
   * The first curve point at which a stage's input, (load + fixed) / efficiency, falls from the point before it, if
   * any. The schema checks a curve's load / efficiency, which is the input without a fixed draw; with one the
   * condition is stricter and needs the design output (W) the load fractions are of, known only once the clusters
   * are: [[0.1, 0.5], [0.2, 1]] passes, and with a fixed draw of 600 W on a 5,584.72 W stage it drew 2,316.94 W at
   * 10 % load and 1,716.94 W at 20 %, and the power cap's bisection relies on power rising with load. Between two
   * points the input's slope keeps one sign (the efficiency is linear), so the points decide it.
   */
  fallingPoint(): FallingPoint | undefined {
    for (const s of this.stages) {
      const { points, order, designOutW: d, fixedW: f } = s;
      if (!points || !order || !(d > 0)) continue;
      const inputW = (k: number): number => (points[k][0] * d + f) / points[k][1];
      for (let j = 1; j < order.length; j++) {
        const [a, b] = [order[j - 1], order[j]];
        if (inputW(b) < inputW(a))
          return {
            stage: s.name,
            index: b,
            most: (points[a][1] * (points[b][0] * d + f)) / (points[a][0] * d + f),
            point: points[b],
            before: points[a],
            fixedW: f,
            beforeW: inputW(a),
            atW: inputW(b),
          };
      }
    }
    return undefined;
  }

  // The last IT power asked for and its input power: asked again at each recomputation while the load holds.
  private lastItW = NaN;
  private lastInW = NaN;

  /** Power drawn from the supply to deliver `itW` to the IT load, W (monotone in itW). */
  inputW(itW: number): number {
    if (itW === this.lastItW) return this.lastInW;
    this.lastItW = itW;
    this.lastInW = this.stagesInputW(itW);
    return this.lastInW;
  }

  private stagesInputW(itW: number): number {
    let p = itW;
    const st = this.stages;
    for (let i = 0; i < st.length; i++) {
      const s = st[i];
      p = (p + s.fixedW) / s.eff(s.designOutW > 0 ? p / s.designOutW : 1);
    }
    return p;
  }
}
