export { ReleaseError, isReleaseError, type ReleaseErrorCode } from '../domain/release-error.js';
