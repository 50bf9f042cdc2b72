import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: `migration:generate` would drop the wells column and add derived_values,
// losing every stored value.
//
// Derived well values as one JSON object of arrays per analysis (entry i of each array is
// well i, in the layout's order) instead of an array of one object per well: no member name is
// repeated per well, so the row is under half the size. The column is renamed
// wells → derived_values, which now holds the whole object. Existing rows are converted
// in SQL as json (not jsonb), so each number keeps its text as stored; down() converts them back.
export class DerivedValuesColumnar1795469157722 implements MigrationInterface {
  name = 'DerivedValuesColumnar1795469157722';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "analysis_derived_values" RENAME COLUMN "wells" TO "derived_values"`);
    await queryRunner.query(`UPDATE "analysis_derived_values" SET "derived_values" = (SELECT json_build_object('wells', COALESCE(json_agg(x.e -> 'well' ORDER BY x.i), '[]'), 'measurementReadingIds', COALESCE(json_agg(x.e -> 'measurementReadingId' ORDER BY x.i), '[]'), 'referenceReadingIds', COALESCE(json_agg(x.e -> 'referenceReadingId' ORDER BY x.i), '[]'), 'signalAu', COALESCE(json_agg(x.e -> 'signalAu' ORDER BY x.i), '[]'), 'blankCorrectedAu', COALESCE(json_agg(x.e -> 'blankCorrectedAu' ORDER BY x.i), '[]'), 'viabilityPct', COALESCE(json_agg(x.e -> 'viabilityPct' ORDER BY x.i), '[]'), 'negativeSignal', COALESCE(json_agg(x.e -> 'negativeSignal' ORDER BY x.i), '[]'))::text FROM json_array_elements("analysis_derived_values"."derived_values"::json) WITH ORDINALITY AS x(e, i)) WHERE json_typeof("derived_values"::json) = 'array'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "analysis_derived_values" SET "derived_values" = (SELECT COALESCE(json_agg(json_build_object('well', x.w, 'measurementReadingId', s.d -> 'measurementReadingIds' -> (x.i::int - 1), 'referenceReadingId', s.d -> 'referenceReadingIds' -> (x.i::int - 1), 'signalAu', s.d -> 'signalAu' -> (x.i::int - 1), 'blankCorrectedAu', s.d -> 'blankCorrectedAu' -> (x.i::int - 1), 'viabilityPct', s.d -> 'viabilityPct' -> (x.i::int - 1), 'negativeSignal', s.d -> 'negativeSignal' -> (x.i::int - 1)) ORDER BY x.i), '[]')::text FROM (SELECT "analysis_derived_values"."derived_values"::json AS d) s, json_array_elements(s.d -> 'wells') WITH ORDINALITY AS x(w, i)) WHERE json_typeof("derived_values"::json) = 'object'`);
    await queryRunner.query(`ALTER TABLE "analysis_derived_values" RENAME COLUMN "derived_values" TO "wells"`);
  }
}
