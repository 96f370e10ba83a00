/**
 * Police force areas of England and Wales and their ONS GSS codes (entity E23 in England, W15 in
 * Wales): the area a Police and Crime Commissioner's grants serve.
 *
 * Source: ONS Register of Geographic Codes / ONS Open Geography Portal, "Police Force Areas
 * (December 2023)" names and codes (PFA23CD), Open Government Licence v3.0. Written out for this
 * project (no network here) and checked code by code against two independent public copies of
 * that list in the reference library (a PCC election registry citing PFA24CD, December 2024, and
 * a population table keyed `pfa23-<code>`), which agree with each other and with this file.
 * Checked for the demo: Cheshire E23000006.
 *
 * [GSS code, name]
 */
export const POLICE_FORCE_AREAS: readonly (readonly [string, string])[] = [
  ['E23000001', 'Metropolitan Police'],
  ['E23000002', 'Cumbria'],
  ['E23000003', 'Lancashire'],
  ['E23000004', 'Merseyside'],
  ['E23000005', 'Greater Manchester'],
  ['E23000006', 'Cheshire'],
  ['E23000007', 'Northumbria'],
  ['E23000008', 'Durham'],
  ['E23000009', 'North Yorkshire'],
  ['E23000010', 'West Yorkshire'],
  ['E23000011', 'South Yorkshire'],
  ['E23000012', 'Humberside'],
  ['E23000013', 'Cleveland'],
  ['E23000014', 'West Midlands'],
  ['E23000015', 'Staffordshire'],
  ['E23000016', 'West Mercia'],
  ['E23000017', 'Warwickshire'],
  ['E23000018', 'Derbyshire'],
  ['E23000019', 'Nottinghamshire'],
  ['E23000020', 'Lincolnshire'],
  ['E23000021', 'Leicestershire'],
  ['E23000022', 'Northamptonshire'],
  ['E23000023', 'Cambridgeshire'],
  ['E23000024', 'Norfolk'],
  ['E23000025', 'Suffolk'],
  ['E23000026', 'Bedfordshire'],
  ['E23000027', 'Hertfordshire'],
  ['E23000028', 'Essex'],
  ['E23000029', 'Thames Valley'],
  ['E23000030', 'Hampshire'],
  ['E23000031', 'Surrey'],
  ['E23000032', 'Kent'],
  ['E23000033', 'Sussex'],
  ['E23000034', 'London, City of'],
  ['E23000035', 'Devon & Cornwall'],
  ['E23000036', 'Avon and Somerset'],
  ['E23000037', 'Gloucestershire'],
  ['E23000038', 'Wiltshire'],
  ['E23000039', 'Dorset'],
  ['W15000001', 'North Wales'],
  ['W15000002', 'Gwent'],
  ['W15000003', 'South Wales'],
  ['W15000004', 'Dyfed-Powys'],
];
