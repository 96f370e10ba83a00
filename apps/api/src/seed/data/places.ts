/**
 * The Cheshire police force area (ONS GSS E23000006, libs/domain/src/geography/data): the area
 * the PCC's county-wide grants serve, and where services for all of it work.
 */
export const CHESHIRE_POLICE_FORCE_AREA = { name: 'Cheshire police force area', geoCode: 'E23000006' } as const;
