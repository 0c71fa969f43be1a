export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const REQUIRED_ROLES = 'support-hub:required-roles';
