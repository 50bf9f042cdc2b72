import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordContributions1796541857719 implements MigrationInterface {
  name = 'RecordContributions1796541857719';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "record_contributions" ("id" character varying(36) NOT NULL, "entity" character varying(40) NOT NULL, "entity_id" character varying(36) NOT NULL, "user_id" character varying(36) NOT NULL, "action" character varying(40) NOT NULL, "detail" character varying(300), "at" character varying(30) NOT NULL, CONSTRAINT "PK_c50fc5facff692d5305e3c0b3f8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_record_contributions" ON "record_contributions"  ("entity", "entity_id", "user_id", "action") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ux_record_contributions"`);
    await queryRunner.query(`DROP TABLE "record_contributions"`);
  }
}
