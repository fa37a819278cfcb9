/** The steps of onboarding, in order (progress callbacks and failure injection name them). */
export const ONBOARDING_STEPS = ['contract', 'repository', 'commit', 'gitops', 'register'] as const;
/** One onboarding step. */
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];
