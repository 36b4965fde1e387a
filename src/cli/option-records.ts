import { Option } from "commander";

/**
 * One command-line option as data: its flags, description, and how its value is read. A command lists
 * its options as an object of these, keyed by the name commander gives the value (`--output-tokens` →
 * `outputTokens`, `--no-ignore` → `ignore`); the same object gives commander its options
 * (`commanderOptions`) and the action its flags' type (`FlagsOf`), so no flag exists without its type.
 *
 * `T` is the value's type; `Always` says whether the action always gets a value (a default, a
 * mandatory option, or a `--no-` switch) or may get undefined.
 */
export interface OptionRecord<T = unknown, Always extends boolean = boolean> {
  readonly flags: string;
  readonly description: string;
  /** The heading it is listed under in `--help` (HELP_GROUPS); none: the command's own heading. */
  readonly group?: HelpGroup;
  readonly choices?: readonly string[];
  readonly default?: T;
  readonly mandatory?: boolean;
  /** Reads one use of the option; `previous` is the value from its earlier uses (repeatable options). */
  parse?(value: string, previous: T | undefined): T;
  /** Type only, never set: whether a value is always given. */
  readonly always?: Always;
}

/**
 * The headings options are listed under in `--help`, in the order a reader looks for them: what to
 * price, what is read, what is assumed of the responses, which prices, the limits, then what is written.
 */
export const HELP_GROUPS = {
  models: "Models:",
  inputs: "Inputs:",
  output: "Output tokens and requests:",
  prices: "Prices and counting:",
  billing: "Billing units (cache writes, service tiers, endpoints, time of day):",
  budgets: "Budgets and checks (exit 1 when one fails):",
  format: "Output format:",
} as const;
export type HelpGroup = keyof typeof HELP_GROUPS;

/** The records, each listed under `group` in `--help`. */
export const inGroup = <R extends Record<string, OptionRecord>>(group: HelpGroup, records: R): R =>
  Object.fromEntries(Object.entries(records).map(([key, record]) => [key, { ...record, group }])) as R;

/** One record, listed under `group` in `--help`. */
export const grouped = <R extends OptionRecord>(group: HelpGroup, record: R): R => ({ ...record, group });

type ValueOf<R> = R extends OptionRecord<infer T, boolean> ? T : never;
type AlwaysKeys<R> = { [K in keyof R]: R[K] extends OptionRecord<unknown, true> ? K : never }[keyof R];

/** The flags an action receives for these options: those always given required, the others optional. */
export type FlagsOf<R extends Record<string, OptionRecord>> = {
  -readonly [K in AlwaysKeys<R>]: ValueOf<R[K]>;
} & { -readonly [K in Exclude<keyof R, AlwaysKeys<R>>]?: ValueOf<R[K]> };

/** A switch such as `--all`: true when given. */
export const switchOption = (flags: string, description: string): OptionRecord<boolean, false> => ({
  flags,
  description,
});

/** A `--no-…` switch: true unless given. */
export const negatedSwitch = (flags: `--no-${string}`, description: string): OptionRecord<boolean, true> => ({
  flags,
  description,
});

/** An option whose value is read by `parse` (the text as given when there is none). */
export function valueOption<T = string>(
  flags: string,
  description: string,
  parse?: (value: string, previous: T | undefined) => T,
): OptionRecord<T, false> {
  return parse ? { flags, description, parse } : { flags, description };
}

/** An option whose value is one of `choices`; with a default it is always given. */
export function choiceOption<const C extends readonly string[]>(
  flags: string,
  description: string,
  choices: C,
): OptionRecord<C[number], false>;
export function choiceOption<const C extends readonly string[]>(
  flags: string,
  description: string,
  choices: C,
  fallback: C[number],
): OptionRecord<C[number], true>;
export function choiceOption(
  flags: string,
  description: string,
  choices: readonly string[],
  fallback?: string,
): OptionRecord<string> {
  return fallback === undefined
    ? { flags, description, choices }
    : { flags, description, choices, default: fallback };
}

/** The option with another default, for a command where another value is the natural one. */
export const withDefault = <T>(record: OptionRecord<T>, fallback: T): OptionRecord<T, true> =>
  ({ ...record, default: fallback }) as OptionRecord<T, true>;

/** The option, which the command cannot run without. */
export const mandatory = <T>(record: OptionRecord<T>): OptionRecord<T, true> =>
  ({ ...record, mandatory: true }) as OptionRecord<T, true>;

/** The same option described for a command where it means something more particular. */
export const describedAs = <T, A extends boolean>(
  record: OptionRecord<T, A>,
  description: string,
): OptionRecord<T, A> => ({ ...record, description });

/** Commander's options for these records, in their order. */
export function commanderOptions(records: Record<string, OptionRecord>): Option[] {
  return Object.entries(records).map(([key, record]) => {
    const option = new Option(record.flags, record.description);
    // The key is the name the action reads the value by: a record under another name would be a flag
    // whose type says nothing about it.
    if (option.attributeName() !== key)
      throw new Error(`option ${record.flags} is declared as "${key}", not "${option.attributeName()}"`);
    if (record.choices) option.choices(record.choices);
    if (record.group) option.helpGroup(HELP_GROUPS[record.group]);
    if (record.parse) {
      const parse = record.parse;
      option.argParser((value: string, previous: unknown) => parse(value, previous));
    }
    if (record.default !== undefined) option.default(record.default);
    if (record.mandatory) option.makeOptionMandatory();
    return option;
  });
}
