/** Most operations one Bulk request may carry (advertised in ServiceProviderConfig; more is a 413). */
export const MAX_BULK_OPERATIONS = 1000;
