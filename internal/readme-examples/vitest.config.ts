import { createVitestConfig } from '@x/test-utils/vitest-config';

export default createVitestConfig();
