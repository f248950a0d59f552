/**
 * Function words and the words of asking ("how do I", "please explain", "what's the way to"):
 * two prompts that differ only in these ask the same thing. Quantifiers (all, any, first) and
 * negators (not, without) are deliberately absent: they change the answer.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but if then so of to in on at by for with from into onto as than that this
  these those there here what what's whats which who whom whose when where why how whether is am
  are was were be been being do does did doing done have has had having can could should would
  will shall may might must i i'm i've i'd me my mine myself you you're your yours yourself we
  us our ours they them their it it's its itself he him his she her hers one's 's
  about also just really actually basically simply kindly please pls thanks thank hi hey
  quick question tell show explain give help know need want like i'd way ways step steps
  method procedure possible able ok okay get gets getting got go going goes some something anything thing things
  let let's sure wondering wonder mind advance via per using use used
  bit little very much many`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Whether `word` (lowercase) is a function word or a word of asking. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
