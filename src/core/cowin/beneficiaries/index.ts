// Beneficiaries of the Registration & Appointment API: people registered by partner apps
// (guest accounts), linked to a mobile number. Every beneficiary is also a core `people` row.
export * from './input.js';
export * from './location.js';
export { maskTail } from '../../shared/mask.js';
export * from './read.js';
export * from './registry.js';
