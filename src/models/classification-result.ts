/** What classification chose and why: "Major, because impact is high and rollback is hard". */
export interface ClassificationResult {
  modelId: string;
  modelName: string;
  explanation: string;
  /** Index of the rule that matched, or -1 for the fallback. */
  ruleIndex: number;
}
