import type { UserConfig, ViteUserConfig } from 'vitest/config';

export declare const RESULTS_FILE: string;
export declare function createVitestConfig(
  overrides?: NonNullable<ViteUserConfig['test']>,
): UserConfig;
