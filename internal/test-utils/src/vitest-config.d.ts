import type { UserConfig } from 'vitest/config';

export declare const RESULTS_FILE: string;
export declare function createVitestConfig(): UserConfig;
