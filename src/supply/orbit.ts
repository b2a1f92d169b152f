/**
 * Sun and orbit geometry (MODELS.md "Sun and orbit"): period from the
 * altitude, the Sun's angle β to the orbit plane from the Sun's ecliptic
 * longitude and the orbit's node (which precesses under J2), and the
 * eclipse fraction of an orbit in a cylindrical shadow.
 */
const MU_KM3_S2 = 398600.4418;
const R_EARTH_KM = 6371;
const J2 = 1.08263e-3;
const OBLIQUITY = (23.44 * Math.PI) / 180;
const DEG = Math.PI / 180;
const J2000_EPOCH_S = Date.UTC(2000, 0, 1, 12) / 1000;
const TROPICAL_YEAR_S = 365.2422 * 86400;

export function orbitPeriodS(altitudeKm: number): number {
  const a = R_EARTH_KM + altitudeKm;
  return 2 * Math.PI * Math.sqrt((a * a * a) / MU_KM3_S2);
}

/** Share of each orbit in the Earth's shadow at Sun angle β (radians). */
export function eclipseFraction(altitudeKm: number, betaRad: number): number {
  const h = altitudeKm;
  const a = R_EARTH_KM + h;
  const x = Math.sqrt(h * h + 2 * R_EARTH_KM * h) / (a * Math.cos(betaRad));
  return x >= 1 ? 0 : Math.acos(x) / Math.PI;
}

/** The Sun's apparent ecliptic longitude, radians (Astronomical Almanac low-precision formula, ~0.01°). */
function sunLongitude(epochS: number): number {
  const d = (epochS - J2000_EPOCH_S) / 86400;
  const L = (280.46 + 0.9856474 * d) * DEG;
  const g = (357.528 + 0.9856003 * d) * DEG;
  return L + (1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * DEG;
}

/** The Sun's right ascension, radians. */
export function sunRightAscension(epochS: number): number {
  const G = sunLongitude(epochS);
  return Math.atan2(Math.cos(OBLIQUITY) * Math.sin(G), Math.cos(G));
}

/** Node precession rate under J2 for a circular orbit, radians per second. */
function nodeRate(altitudeKm: number, inclinationRad: number): number {
  const a = R_EARTH_KM + altitudeKm;
  const n = (2 * Math.PI) / orbitPeriodS(altitudeKm);
  return -1.5 * n * J2 * (R_EARTH_KM / a) ** 2 * Math.cos(inclinationRad);
}

/** Inclination of a Sun-synchronous orbit: its node turns once a tropical year, radians. */
export function sunSynchronousInclination(altitudeKm: number): number {
  const a = R_EARTH_KM + altitudeKm;
  const n = (2 * Math.PI) / orbitPeriodS(altitudeKm);
  return Math.acos(-(2 * Math.PI) / TROPICAL_YEAR_S / (1.5 * n * J2 * (R_EARTH_KM / a) ** 2));
}

/** β: sin β = cos Γ sin Ω sin i − sin Γ cos ε cos Ω sin i + sin Γ sin ε cos i. */
function betaAngle(sunLongitudeRad: number, nodeRad: number, inclinationRad: number): number {
  const G = sunLongitudeRad;
  const si = Math.sin(inclinationRad);
  return Math.asin(
    Math.cos(G) * Math.sin(nodeRad) * si -
      Math.sin(G) * Math.cos(OBLIQUITY) * Math.cos(nodeRad) * si +
      Math.sin(G) * Math.sin(OBLIQUITY) * Math.cos(inclinationRad),
  );
}

/** Solar irradiance at the Earth's distance on day-of-year N: 1361 · (1 + 0.033 · cos(2π(N − 3)/365)). */
export function solarIrradiance(epochS: number): number {
  const yearStart = Date.UTC(new Date(epochS * 1000).getUTCFullYear(), 0, 1) / 1000;
  const N = (epochS - yearStart) / 86400 + 1;
  return 1361 * (1 + 0.033 * Math.cos((2 * Math.PI * (N - 3)) / 365));
}

/** Greenwich mean sidereal time, radians (IAU 1982 linear term, ~0.1 s a century). */
function greenwichSiderealTime(epochS: number): number {
  const d = (epochS - J2000_EPOCH_S) / 86400;
  return (280.46061837 + 360.98564736629 * d) * DEG;
}

/**
 * The first local apparent solar midnight at east longitude `lonRad` after `epochS`, UTC
 * epoch seconds: where the Sun's hour angle GMST + λ − α reaches 180°. Solved by a few
 * Newton steps at the Sun's mean rate (the equation of time, under 17 min, is in α).
 */
export function solarMidnightAfter(epochS: number, lonRad: number): number {
  const rate = (2 * Math.PI) / 86400; // hour angle per second, near enough for Newton steps
  const wrap = (a: number): number => a - 2 * Math.PI * Math.floor(a / (2 * Math.PI));
  const hourAngle = (t: number): number => greenwichSiderealTime(t) + lonRad - sunRightAscension(t);
  let t = epochS + wrap(Math.PI - hourAngle(epochS)) / rate;
  for (let k = 0; k < 3; k++) t += (wrap(Math.PI - hourAngle(t) + Math.PI) - Math.PI) / rate;
  return t > epochS ? t : solarMidnightAfter(epochS + 3600, lonRad);
}

export interface OrbitSpec {
  altitudeKm: number;
  inclinationRad: number;
  /** Node at the scenario start, radians. */
  node0Rad: number;
  /** A fixed β instead of the geometry, radians. */
  fixedBetaRad?: number;
}

/** β at an instant (t seconds after startEpochS). */
export function betaAt(o: OrbitSpec, startEpochS: number, t: number): number {
  if (o.fixedBetaRad !== undefined) return o.fixedBetaRad;
  const node = o.node0Rad + nodeRate(o.altitudeKm, o.inclinationRad) * t;
  return betaAngle(sunLongitude(startEpochS + t), node, o.inclinationRad);
}
