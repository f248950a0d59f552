import type { Options } from 'tsup';
export declare function createTsupConfig(overrides?: Partial<Options>): Options | Options[];
