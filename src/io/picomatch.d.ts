// picomatch ships no types; llmcost uses its matcher and its scan (as tinyglobby, which it replaces, did).
declare module "picomatch" {
  interface PicomatchOptions {
    dot?: boolean;
    posix?: boolean;
    windows?: boolean;
  }
  type Matcher = (path: string) => boolean;
  export interface Picomatch {
    (glob: string | readonly string[], options?: PicomatchOptions): Matcher;
    scan(
      glob: string,
      options?: PicomatchOptions,
    ): { base: string; glob: string; isGlob: boolean; negated: boolean };
  }
  const picomatch: Picomatch;
  export default picomatch;
}
