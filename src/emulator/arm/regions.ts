/**
 * Azure regions: programmatic name ↔ display name. ARM accepts either spelling (any case,
 * with or without spaces) and answers the display name. This is the emulator's own table.
 */
const REGIONS: readonly (readonly [name: string, displayName: string])[] = [
  ['eastus', 'East US'],
  ['eastus2', 'East US 2'],
  ['southcentralus', 'South Central US'],
  ['westus2', 'West US 2'],
  ['westus3', 'West US 3'],
  ['australiaeast', 'Australia East'],
  ['southeastasia', 'Southeast Asia'],
  ['northeurope', 'North Europe'],
  ['swedencentral', 'Sweden Central'],
  ['uksouth', 'UK South'],
  ['westeurope', 'West Europe'],
  ['centralus', 'Central US'],
  ['southafricanorth', 'South Africa North'],
  ['centralindia', 'Central India'],
  ['eastasia', 'East Asia'],
  ['japaneast', 'Japan East'],
  ['koreacentral', 'Korea Central'],
  ['canadacentral', 'Canada Central'],
  ['francecentral', 'France Central'],
  ['germanywestcentral', 'Germany West Central'],
  ['italynorth', 'Italy North'],
  ['norwayeast', 'Norway East'],
  ['polandcentral', 'Poland Central'],
  ['spaincentral', 'Spain Central'],
  ['switzerlandnorth', 'Switzerland North'],
  ['mexicocentral', 'Mexico Central'],
  ['uaenorth', 'UAE North'],
  ['brazilsouth', 'Brazil South'],
  ['israelcentral', 'Israel Central'],
  ['qatarcentral', 'Qatar Central'],
  ['northcentralus', 'North Central US'],
  ['westus', 'West US'],
  ['japanwest', 'Japan West'],
  ['centraluseuap', 'Central US EUAP'],
  ['eastus2euap', 'East US 2 EUAP'],
  ['westcentralus', 'West Central US'],
  ['southafricawest', 'South Africa West'],
  ['australiacentral', 'Australia Central'],
  ['australiacentral2', 'Australia Central 2'],
  ['australiasoutheast', 'Australia Southeast'],
  ['koreasouth', 'Korea South'],
  ['southindia', 'South India'],
  ['westindia', 'West India'],
  ['canadaeast', 'Canada East'],
  ['francesouth', 'France South'],
  ['germanynorth', 'Germany North'],
  ['norwaywest', 'Norway West'],
  ['switzerlandwest', 'Switzerland West'],
  ['ukwest', 'UK West'],
  ['uaecentral', 'UAE Central'],
  ['brazilsoutheast', 'Brazil Southeast'],
  ['swedensouth', 'Sweden South'],
  ['newzealandnorth', 'New Zealand North'],
  ['indonesiacentral', 'Indonesia Central'],
  ['malaysiawest', 'Malaysia West'],
  ['chilecentral', 'Chile Central'],
];

export interface Region {
  /** Programmatic name, as in operation URLs: `centralus`. */
  readonly name: string;
  /** What the service answers in `location`: `Central US`. */
  readonly displayName: string;
}

const BY_KEY = new Map<string, Region>(
  REGIONS.map(([name, displayName]) => [name, { name, displayName }] as const),
);

/** `westus`, `West US`, `WestUS`, ` west us ` all give the same key. */
export function regionKey(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/** The region a spelling names, or undefined when no Azure region has that name. */
export function findRegion(location: string): Region | undefined {
  return BY_KEY.get(regionKey(location));
}
