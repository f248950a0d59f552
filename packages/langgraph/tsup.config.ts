import { createTsupConfig } from '@x/tsup-config';

export default createTsupConfig();
