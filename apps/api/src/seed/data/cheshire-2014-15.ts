// Copied verbatim from the project brief's cheshire-2014-15.json; sources in docs/data.md#demo-plans. Do not edit the figures.
export const cheshire201415 = {
  "source": "Cheshire Police & Crime Commissioner, Police & Crime Plan 2014-16, section 'Crime & Disorder Reduction Grants' and 'Objectives and measures'",
  "financialYear": "2014/15",
  "commissioner": { "name": "Police and Crime Commissioner for Cheshire", "kind": "pcc" },
  "fundingSources": [
    { "name": "Home Office police main grant: community safety element", "funder": { "name": "Home Office", "kind": "government", "identifier360": "GB-GOVUK-home_office" }, "amountPence": 78000000, "restricted": false },
    { "name": "PCC uplift to maintain community safety spending", "funder": "commissioner", "amountPence": 2145600, "restricted": false }
  ],
  "fundingStream": { "name": "Crime and Disorder Reduction Grants 2014/15", "purpose": "crime_and_disorder_reduction", "budgetPence": 80145600 },
  "awards": [
    { "organisation": "Cheshire West and Chester Council", "kind": "local_authority", "identifier360": "GB-LAE-CHW", "grantType": "Community Safety Funding", "amountPence": 15810000 },
    { "organisation": "Cheshire West and Chester Council", "kind": "local_authority", "identifier360": "GB-LAE-CHW", "grantType": "Drug Intervention Programme", "amountPence": 5380500 },
    { "organisation": "Cheshire East Council", "kind": "local_authority", "identifier360": "GB-LAE-CHE", "grantType": "Community Safety Funding", "amountPence": 14755000 },
    { "organisation": "Cheshire East Council", "kind": "local_authority", "identifier360": "GB-LAE-CHE", "grantType": "Drug Intervention Programme", "amountPence": 5380500 },
    { "organisation": "Halton Borough Council", "kind": "local_authority", "identifier360": "GB-LAE-HAL", "grantType": "Community Safety Funding", "amountPence": 8196200 },
    { "organisation": "Halton Borough Council", "kind": "local_authority", "identifier360": "GB-LAE-HAL", "grantType": "Drug Intervention Programme", "amountPence": 4388800 },
    { "organisation": "Warrington Borough Council", "kind": "local_authority", "identifier360": "GB-LAE-WRT", "grantType": "Community Safety Funding", "amountPence": 13291700,
      "lines": [ { "label": "Positive Futures", "amountPence": null, "note": "Included within Community Safety Fund" } ] },
    { "organisation": "Warrington Borough Council", "kind": "local_authority", "identifier360": "GB-LAE-WRT", "grantType": "Drug Intervention Programme", "amountPence": 4731300 },
    { "organisation": "Youth Offending Teams across Cheshire", "kind": "other", "identifier360": null, "grantType": "Preventing Youth Offending", "amountPence": 8211600 }
  ],
  "totalPence": 80145600,
  "otherFunds": [
    { "name": "Crime Prevention Fund", "purpose": "community_fund", "note": "helps local communities, businesses and the voluntary sector develop crime prevention initiatives; amount not stated in the plan" },
    { "name": "Participatory budgeting pilot, Grange area of Runcorn (Halton)", "purpose": "community_fund", "amountPence": 3000000 }
  ],
  "planObjectives": [
    { "code": "1", "title": "Enhance frontline policing to enable the Constabulary to prevent and further drive down crime",
      "measures": ["Total number of recorded crimes", "Proportion of staff resources allocated to frontline duties", "Total number of anti-social behaviour incidents", "Total number of rural crimes", "Total number of business crimes", "Number of fatalities in road traffic collisions", "Number of people seriously injured in road traffic collisions", "Number of collisions in which people are killed or seriously injured", "Proportion of people who perceive drug use or dealing to be a problem in their area"] },
    { "code": "2", "title": "Protect Cheshire's communities from harm",
      "measures": ["Recorded number of rape offences", "Recorded number of sexual assault offences", "Recorded number of incidents of domestic abuse", "Recorded number of hate crimes"] },
    { "code": "3", "title": "Support victims and witnesses of crime and take a robust stance in tackling those who offend especially those who do so repeatedly",
      "measures": ["Percentage of crimes solved", "Percentage of offenders dealt with who have been dealt with by the police previously (in the last 2 years)", "Percentage of users satisfied with the service they received", "Percentage of victims of anti social behaviour satisfied with the action taken in response to their incident"] },
    { "code": "4", "title": "Continue to build on the strong partnership between the police and the communities of Cheshire",
      "measures": ["The proportion of respondents that state that the police are interested in the issues that concern people living in their area", "The proportion of respondents that state that the police in their area successfully solve problems in the long term", "Total number of complaints", "Number of complaints upheld"] },
    { "code": "5", "title": "Ensure the delivery of an efficient and effective police service, building on innovative technology",
      "measures": ["The cost of delivering policing in Cheshire per head of population", "Average working days lost due to sickness for police officers and police staff"] }
  ]
} as const;
