/**
 * What Settings and the background say about settings the org deployed: one wording for both
 * (no library here, so the options page and popup can import it).
 */
export const SET_BY_ORG = 'Set by your organization.';
export const API_KEYS_OFF = 'Your organization has each agent sign in with Kustomer: API keys are turned off here.';
export const SIGN_IN_OFF = 'Your organization connects with an org API key: signing in with Kustomer is turned off here.';
