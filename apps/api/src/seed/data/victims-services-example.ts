// Copied verbatim from the project brief's victims-services-example.json; sources in docs/data.md#demo-plans. Do not edit the figures.
export const victimsServicesExample = {
  "source": "Cheshire Police and Crime Plan (2024 onwards), victims' services sections. Figures marked illustrative are NOT in the plan and exist only to make the demo work.",
  "financialYear": "2024/25",
  "fundingSources": [
    { "name": "Ministry of Justice victims' services grant", "funder": { "name": "Ministry of Justice", "kind": "government", "identifier360": "GB-GOVUK-ministry_of_justice" }, "amountPence": 120000000, "restricted": true, "note": "the plan says 'around £1.2m' a year", "reportingRequirements": "twice-yearly monitoring returns and annual accounts" },
    { "name": "Home Office anti-social behaviour hotspot funding", "funder": { "name": "Home Office", "kind": "government", "identifier360": "GB-GOVUK-home_office" }, "amountPence": 82000000, "restricted": true, "note": "allocated across three hotspot areas" }
  ],
  "services": [
    { "name": "Cheshire CARES (Cope and Recovery Enhanced Service)", "role": "core victims' support service", "actuals2023_24": { "referrals": 22597, "victimsSupported": 19630 }, "amountPence": null },
    { "name": "Rape and Sexual Abuse Support Centre (RASASC)", "role": "specialist sexual violence support", "jointlyCommissionedWith": ["Cheshire East Council", "Cheshire West and Chester Council", "Halton Borough Council", "Warrington Borough Council", "NHS England"], "actuals2023_24": { "peopleSupported": 1818 }, "amountPence": null },
    { "name": "Remedi restorative justice and mediation", "role": "restorative justice, with the Probation Service", "amountPence": null },
    { "name": "Remedi hate crime service", "role": "trauma-informed support for victims of hate crime", "amountPence": null }
  ],
  "exampleOutcomeFramework": {
    "name": "Victims' services outcomes (illustrative, modelled on cope-and-recover measures)",
    "indicators": [
      { "code": "REF", "title": "Referrals received", "level": "output", "unit": "count", "direction": "higher_is_better", "aggregation": "sum" },
      { "code": "SUP", "title": "Victims supported", "level": "output", "unit": "count", "direction": "higher_is_better", "aggregation": "sum" },
      { "code": "COPE", "title": "Victims reporting they are better able to cope and recover", "level": "outcome", "unit": "percentage", "direction": "higher_is_better", "aggregation": "mean" },
      { "code": "SAFE", "title": "Victims reporting they feel safer", "level": "outcome", "unit": "percentage", "direction": "higher_is_better", "aggregation": "mean" },
      { "code": "INFO", "title": "Victims reporting they were kept informed", "level": "outcome", "unit": "percentage", "direction": "higher_is_better", "aggregation": "mean" }
    ]
  },
  "victimsCodeRights": 12
} as const;
