import type { Framework } from "./Framework";
export type FrameworkCoverage = { framework: Framework, controls: number, direct: number, crosswalk: number, suggestion: number, none: number, entity: number, };
