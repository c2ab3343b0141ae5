// OpenAPI tags and security of the Vaccinator API (cowin-vaccinator-v2.yaml) and the
// certificate operations.
export const VACCINATOR_TAGS = ['CoWIN Vaccinator API'];
export const CERTIFICATE_TAGS = ['CoWIN certificates'];
export const VACCINATOR_SECURITY: Record<string, string[]>[] = [{ apiSetuKey: [] }];
