import { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written data migration (separation of duties, issue 13): records the disqualifying
// actions done before record_contributions existed, from the audit trail, so that runs and
// protocol versions in progress when this version is installed are guarded too. In audit order,
// so the first occurrence of each action per user and record is kept, as the service does.
export class BackfillRecordContributions1796546000001 implements MigrationInterface {
  name = 'BackfillRecordContributions1796546000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO "record_contributions" ("id", "entity", "entity_id", "user_id", "action", "detail", "at") SELECT md5(random()::text || clock_timestamp()::text || u."seq"::text), u."entity", u."entity_id", u."user_id", u."action", u."detail", u."at" FROM (SELECT 'run' AS "entity", e."entity_id" AS "entity_id", e."actor_id" AS "user_id", CASE e."action" WHEN 'create' THEN 'created' WHEN 'update' THEN 'edited' WHEN 'start' THEN 'started' WHEN 'complete' THEN 'completed' ELSE 'submitted' END AS "action", NULL AS "detail", e."occurred_at" AS "at", e."seq" AS "seq" FROM "audit_events" e WHERE e."entity" = 'run' AND e."action" IN ('create', 'update', 'start', 'complete', 'submit') UNION ALL SELECT 'run', (e."after"::json ->> 'runId'), e."actor_id", 'amended', NULL, e."occurred_at", e."seq" FROM "audit_events" e WHERE e."entity" = 'run_amendment' AND e."action" = 'request' AND (e."after"::json ->> 'runId') IS NOT NULL UNION ALL SELECT 'run_amendment', e."entity_id", e."actor_id", 'authored', NULL, e."occurred_at", e."seq" FROM "audit_events" e WHERE e."entity" = 'run_amendment' AND e."action" = 'request' UNION ALL SELECT 'run', (e."after"::json ->> 'runId'), e."actor_id", 'recorded-data', CASE e."entity" WHEN 'run_deviation' THEN 'logged a deviation' WHEN 'run_passage' THEN 'logged a passage' ELSE 'planned plate ' || COALESCE((e."after"::json ->> 'barcode'), e."entity_id") END, e."occurred_at", e."seq" FROM "audit_events" e WHERE ((e."entity" IN ('run_deviation', 'run_passage') AND e."action" = 'create') OR (e."entity" = 'plate' AND e."action" = 'plate.planned')) AND (e."after"::json ->> 'runId') IS NOT NULL UNION ALL SELECT 'run', p."run_id", e."actor_id", 'recorded-data', CASE e."action" WHEN 'refit' THEN 'refitted plate ' ELSE 'excluded wells on plate ' END || COALESCE(p."barcode", p."id"), e."occurred_at", e."seq" FROM "audit_events" e INNER JOIN "plates" p ON p."id" = e."entity_id" WHERE e."entity" = 'plate' AND e."action" IN ('exclude-wells', 'refit') AND p."run_id" IS NOT NULL UNION ALL SELECT 'run', p."run_id", e."actor_id", 'recorded-data', 'imported a reading of plate ' || COALESCE(p."barcode", p."id"), e."occurred_at", e."seq" FROM "audit_events" e INNER JOIN "plates" p ON p."id" = (e."after"::json ->> 'plateId') WHERE e."entity" = 'plate_reading' AND e."action" = 'plate.reading-imported' AND p."run_id" IS NOT NULL UNION ALL SELECT 'protocol_version', e."entity_id", e."actor_id", CASE e."action" WHEN 'create' THEN 'authored' WHEN 'update-definition' THEN 'edited' ELSE 'submitted' END, NULL, e."occurred_at", e."seq" FROM "audit_events" e WHERE e."entity" = 'protocol_version' AND e."action" IN ('create', 'update-definition', 'submit')) u WHERE u."user_id" IS NOT NULL ORDER BY u."seq" ON CONFLICT DO NOTHING`);
  }

  public async down(): Promise<void> {
    // Nothing to undo: the rows are indistinguishable from later ones, and RecordContributions'
    // down drops the table.
  }
}
