// Fixed lists of the Registration & Appointment API, exactly as seed 002 shows them.
export const PHOTO_ID_TYPES = [
  { type: 'Aadhaar Card', id: 1, doc_type: null },
  { type: 'Driving License', id: 2, doc_type: 'DRVLC' },
  { type: 'Health Insurance Smart Card issued under the scheme of Ministry of Labour', id: 3, doc_type: null },
  { type: 'MNREGA Job Card', id: 4, doc_type: 'MNRGA' },
  { type: 'Official identity cards issued to MPs/MLAs/MLCs', id: 5, doc_type: null },
  { type: 'PAN Card', id: 6, doc_type: 'PANCR' },
  { type: 'Passbooks issued by Bank/Post Office', id: 7, doc_type: null },
  { type: 'Passport', id: 8, doc_type: 'PSPRT' },
  { type: 'Pension Document', id: 9, doc_type: null },
  {
    type: 'Service Identity Card issued to employees by Central/ State Govt./ PSUs/ Public Limited Companies',
    id: 10,
    doc_type: null,
  },
  { type: 'Smart Card issued by RGI under NPR', id: 11, doc_type: null },
  { type: 'Voter ID', id: 12, doc_type: 'VTRID' },
  { type: 'Others(Local Authority)', id: 13, doc_type: null },
] as const;

export const GENDERS = [
  { gender: 'Male', id: 1 },
  { gender: 'Female', id: 2 },
  { gender: 'Others', id: 3 },
] as const;
