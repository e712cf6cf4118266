/** The ITIL release phases, in the order a checklist shows them. */
export const PHASES = [
  'build',
  'test',
  'implementation_testing',
  'deployment',
  'documentation',
  'early_life_support',
  'user_preparedness',
  'communication',
] as const;

export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  build: 'Build',
  test: 'Test',
  implementation_testing: 'Implementation testing',
  deployment: 'Deployment',
  documentation: 'Documentation',
  early_life_support: 'Early life support',
  user_preparedness: 'User preparedness',
  communication: 'Communication',
};
