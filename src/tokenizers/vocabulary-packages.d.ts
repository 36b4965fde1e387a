// The SentencePiece vocabulary packages ship no types; llmcost reads only their data.
declare module "mistral-tokenizer-js" {
  const tokenizer: { vocabById: string[]; merges: Map<string, number> };
  export default tokenizer;
}
declare module "llama-tokenizer-js" {
  const tokenizer: { vocabById: string[]; merges: Map<string, number> };
  export default tokenizer;
}
