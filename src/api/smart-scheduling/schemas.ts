// Wire shapes of the SMART Scheduling Links feed: the `$bulk-publish` manifest, the NDJSON
// files (text) and FHIR OperationOutcome for errors.
import { Type } from '@sinclair/typebox';

export const TAGS = ['SMART Scheduling Links'];
export const NDJSON = 'application/fhir+ndjson';

export const Outcome = Type.Object(
  {
    resourceType: Type.Literal('OperationOutcome'),
    issue: Type.Array(
      Type.Object(
        { severity: Type.String(), code: Type.String(), diagnostics: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  {
    $id: 'FhirOperationOutcome',
    examples: [
      {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'not-found',
            diagnostics: 'no slot file tamil-nad.ndjson; the $bulk-publish manifest lists the files there are',
          },
        ],
      },
    ],
  },
);

const Output = Type.Object(
  {
    type: Type.Union([Type.Literal('Location'), Type.Literal('Schedule'), Type.Literal('Slot')]),
    url: Type.String(),
    extension: Type.Optional(
      Type.Object({
        state: Type.Array(Type.String(), { description: 'The Indian state whose vaccination centres the file covers' }),
      }),
    ),
  },
  { additionalProperties: false },
);

export const Manifest = Type.Object(
  {
    transactionTime: Type.String({ format: 'date-time', description: 'When the newest of the files last changed' }),
    request: Type.String({ description: 'The full URL of this manifest' }),
    output: Type.Array(Output),
    error: Type.Array(Type.Unknown()),
  },
  {
    additionalProperties: false,
    examples: [
      {
        transactionTime: '2026-11-29T04:30:00.000Z',
        request: 'http://127.0.0.1:3000/$bulk-publish',
        output: [
          { type: 'Location', url: 'http://127.0.0.1:3000/smart/locations.ndjson' },
          { type: 'Schedule', url: 'http://127.0.0.1:3000/smart/schedules.ndjson' },
          {
            type: 'Slot',
            url: 'http://127.0.0.1:3000/smart/slots/maharashtra.ndjson',
            extension: { state: ['Maharashtra'] },
          },
          { type: 'Slot', url: 'http://127.0.0.1:3000/smart/slots/kids-providers.ndjson' },
        ],
        error: [],
      },
    ],
  },
);

export const NdjsonBody = (example: Record<string, unknown>) =>
  Type.String({
    description: 'NDJSON: one minified FHIR R4 resource per line',
    examples: [`${JSON.stringify(example)}\n`],
  });

export const NotModified = Type.Null({
  description: 'Not modified: the If-None-Match (ETag) or If-Modified-Since of the request still holds',
});

export const EXAMPLES = {
  location: {
    resourceType: 'Location',
    id: '412',
    name: 'UPHC Kasba Peth',
    telecom: [{ system: 'phone', value: '1075' }],
    address: {
      line: ['Kasba Peth, 411011'],
      text: 'Kasba Peth, 411011',
      city: 'Pune City',
      district: 'Pune',
      state: 'Maharashtra',
      postalCode: '411011',
      country: 'IN',
    },
    position: { latitude: 18.5196, longitude: 73.8553 },
    description: 'Vaccination centre',
  },
  schedule: {
    resourceType: 'Schedule',
    id: '412.1',
    actor: [{ reference: 'Location/412' }],
    serviceType: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/service-type', code: '57', display: 'Immunization' },
          {
            system: 'http://fhir-registry.smarthealthit.org/CodeSystem/service-type',
            code: 'covid19-immunization',
            display: 'COVID-19 Immunization Appointment',
          },
        ],
        text: 'COVISHIELD',
      },
    ],
  },
  slot: {
    resourceType: 'Slot',
    id: '90211.free',
    schedule: { reference: 'Schedule/412.1' },
    status: 'free',
    start: '2026-11-30T03:30:00.000Z',
    end: '2026-11-30T05:30:00.000Z',
    extension: [
      { url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity', valueInteger: 18 },
      { url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone', valueString: '1075' },
    ],
  },
};
