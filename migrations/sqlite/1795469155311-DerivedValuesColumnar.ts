import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: `migration:generate` would drop the wells column and add derived_values,
// losing every stored value.
//
// Derived well values as one JSON object of arrays per analysis (entry i of each array is
// well i, in the layout's order) instead of an array of one object per well: no member name is
// repeated per well, so the row is under half the size. The column is renamed
// wells → derived_values, which now holds the whole object. Existing rows are converted
// in SQL, keeping each number's text as stored (-> yields JSON text); down() converts them back.
export class DerivedValuesColumnar1795469155311 implements MigrationInterface {
  name = 'DerivedValuesColumnar1795469155311';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "analysis_derived_values" RENAME COLUMN "wells" TO "derived_values"`);
    await queryRunner.query(`UPDATE "analysis_derived_values" SET "derived_values" = (SELECT json_object('wells', json_group_array(e.value ->> '$.well' ORDER BY e.key), 'measurementReadingIds', json_group_array(e.value ->> '$.measurementReadingId' ORDER BY e.key), 'referenceReadingIds', json_group_array(e.value ->> '$.referenceReadingId' ORDER BY e.key), 'signalAu', json_group_array(json(e.value -> '$.signalAu') ORDER BY e.key), 'blankCorrectedAu', json_group_array(json(e.value -> '$.blankCorrectedAu') ORDER BY e.key), 'viabilityPct', json_group_array(json(e.value -> '$.viabilityPct') ORDER BY e.key), 'negativeSignal', json_group_array(json(e.value -> '$.negativeSignal') ORDER BY e.key)) FROM json_each("analysis_derived_values"."derived_values") e) WHERE json_type("derived_values") = 'array'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "analysis_derived_values" SET "derived_values" = (SELECT json_group_array(json_object('well', w.value, 'measurementReadingId', s.d ->> ('$.measurementReadingIds[' || w.key || ']'), 'referenceReadingId', s.d ->> ('$.referenceReadingIds[' || w.key || ']'), 'signalAu', json(s.d -> ('$.signalAu[' || w.key || ']')), 'blankCorrectedAu', json(s.d -> ('$.blankCorrectedAu[' || w.key || ']')), 'viabilityPct', json(s.d -> ('$.viabilityPct[' || w.key || ']')), 'negativeSignal', json(s.d -> ('$.negativeSignal[' || w.key || ']'))) ORDER BY w.key) FROM (SELECT "analysis_derived_values"."derived_values" AS d) s, json_each(s.d, '$.wells') w) WHERE json_type("derived_values") = 'object'`);
    await queryRunner.query(`ALTER TABLE "analysis_derived_values" RENAME COLUMN "derived_values" TO "wells"`);
  }
}
