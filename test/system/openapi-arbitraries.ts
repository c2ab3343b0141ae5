// fast-check arbitraries from the OpenAPI document's JSON schemas, for the fuzz test: values
// that follow the schema (examples, enums, bounds) mixed with values that break it.
import fc from 'fast-check';

type Json = Record<string, any>;

const junk = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom('', ' ', 'null', '0', '-1', '1e309', '%00', '../..', '"\'', '💉', 'a'.repeat(300)),
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );

export class SchemaArbitraries {
  constructor(private readonly doc: Json) {}

  private resolve(schema: Json): Json {
    let s = schema;
    for (let i = 0; s?.$ref && i < 10; i++) s = this.doc.components.schemas[String(s.$ref).split('/').pop()!];
    return s ?? {};
  }

  /** Values for `schema`: mostly valid-looking, sometimes anything at all. */
  of(schema: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
    if (!schema) return junk();
    return fc.oneof(
      { weight: 5, arbitrary: this.valid(this.resolve(schema), depth) },
      { weight: 1, arbitrary: junk() },
    );
  }

  private string(s: Json): fc.Arbitrary<string> {
    const examples = (s.examples ?? []).filter((e: unknown) => typeof e === 'string');
    const parts: fc.Arbitrary<string>[] = [
      fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) }),
    ];
    if (examples.length) parts.push(fc.constantFrom(...examples));
    if (s.format === 'date-time') parts.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
    if (s.format === 'date' || /\\d\{4\}-\\d\{2\}/.test(s.pattern ?? ''))
      parts.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
    if (s.pattern) parts.push(fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= 200));
    return fc.oneof(...parts);
  }

  private valid(s: Json, depth: number): fc.Arbitrary<unknown> {
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((a: Json) => this.of(a, depth + 1)));
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
    switch (type) {
      case 'string':
        return this.string(s);
      case 'integer':
        return fc.oneof(
          fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 1_000_000, 1_000_000) }),
          fc.integer(),
        );
      case 'number':
        return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return depth > 4 ? fc.constant([]) : fc.array(this.of(s.items, depth + 1), { maxLength: 3 });
      default: {
        if (depth > 4 || !s.properties) return s.examples?.length ? fc.constantFrom(...s.examples) : junk();
        const props = Object.fromEntries(
          Object.entries<Json>(s.properties).map(([k, v]) => [k, this.of(v, depth + 1)]),
        );
        const required = (s.required ?? []) as string[];
        const record = fc.record(props, { requiredKeys: required.filter((k) => k in props) });
        const example = s.examples?.length ? [fc.constantFrom(...s.examples)] : [];
        return fc.oneof(record, ...example);
      }
    }
  }
}
