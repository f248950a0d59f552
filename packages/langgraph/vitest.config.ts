import { createVitestConfig } from '@x/test-utils/vitest-config';

// LangGraph's conformance suite (@langchain/langgraph-checkpoint-validation) calls describe/it
// as globals.
export default createVitestConfig({ globals: true });
