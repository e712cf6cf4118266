/** Slack's documented (and one undocumented) Block Kit limits; renderers stay inside them, tests assert them. */
export const LIMITS = {
  blocksPerMessage: 50,
  /** Undocumented ceiling on all text in one message (msg_blocks_too_long beyond it). */
  messageChars: 12_000,
  sectionText: 3000,
  sectionField: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  modalTitle: 24,
  modalButton: 24,
  blocksPerView: 100,
  privateMetadata: 3000,
  contextElements: 10,
  inputLabel: 2000,
  fallbackText: 3000,
} as const;
