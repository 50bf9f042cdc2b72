import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordContributions1796541855298 implements MigrationInterface {
  name = 'RecordContributions1796541855298';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "record_contributions" ("id" varchar(36) PRIMARY KEY NOT NULL, "entity" varchar(40) NOT NULL, "entity_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "action" varchar(40) NOT NULL, "detail" varchar(300), "at" varchar(30) NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_record_contributions" ON "record_contributions" ("entity", "entity_id", "user_id", "action") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ux_record_contributions"`);
    await queryRunner.query(`DROP TABLE "record_contributions"`);
  }
}
