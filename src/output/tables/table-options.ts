/**
 * The choices of how a run writes its tables: format, time-series layout and
 * timestamp style. A module of their own, importing nothing, so that the
 * command line lists them without loading any writer (`dcpsim --version`
 * loads this and commander only). The writers are in timeseries-file.ts.
 */
export type TableFormat = 'csv' | 'tsv';
export type TableLayout = 'wide' | 'long';

export const FORMATS: readonly TableFormat[] = ['csv', 'tsv'];
export const LAYOUTS: readonly TableLayout[] = ['wide', 'long'];

/**
 * The tables a run writes beside its time series and summary, when it has what each holds (src/run.ts),
 * in the order a workbook's sheets take them: by project year, by month, its cash flows, its training
 * runs, its SMR outages.
 */
export const RUN_TABLES = ['yearly', 'monthly', 'cashflow', 'training', 'outages'] as const;

/**
 * How the first column writes a date-time: `excel` "2027-01-01 00:00:00"
 * (Excel and pandas read it as a date; LibreOffice's CSV import keeps it as
 * text) or `iso` "2027-01-01T00:00:00" (ISO 8601: LibreOffice and pandas read
 * it as a date; Excel keeps it as text). Both are UTC.
 */
export type TimestampStyle = 'excel' | 'iso';
export const TIMESTAMP_STYLES: readonly TimestampStyle[] = ['excel', 'iso'];

/** The character between date and time in a timestamp of this style. */
export const dateTimeSeparator = (style: TimestampStyle = 'excel'): string => (style === 'iso' ? 'T' : ' ');
