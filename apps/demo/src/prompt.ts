import { type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';

/** A passage of the corpus as the model sees it. */
export interface PromptPassage {
  /** Where it comes from, e.g. `llm-cache › Time to live`. */
  title: string;
  text: string;
}

const INSTRUCTIONS =
  'Answer the question from the numbered passages below, briefly, and cite them as [1], [2]. ' +
  'If they do not hold the answer, say so.';

/**
 * The messages every model gets: instructions and the retrieved passages, then the question.
 * The conversation so far is left out on purpose: the answer then depends on the question and
 * the passages only, which is what makes it safe to cache by question.
 */
export function buildPrompt(question: string, passages: readonly PromptPassage[]): BaseMessage[] {
  const context = passages
    .map((passage, index) => `[${index + 1}] ${passage.title}\n${passage.text}`)
    .join('\n\n');
  return [
    new SystemMessage(`${INSTRUCTIONS}\n\n${context || '(no passages were found)'}`),
    new HumanMessage(question),
  ];
}

/** The passages of a prompt {@link buildPrompt} made, for the stand-in model to read. */
export function readPromptPassages(system: string): PromptPassage[] {
  const passages: PromptPassage[] = [];
  // Each passage starts on a line of its own with its number in brackets.
  const parts = system.split(/^\[\d+\] /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    if (newline < 0) continue;
    passages.push({ title: part.slice(0, newline), text: part.slice(newline + 1).trim() });
  }
  return passages;
}
