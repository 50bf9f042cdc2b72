import { MigrationInterface, QueryRunner } from 'typeorm';

export class Signatures1795421357289 implements MigrationInterface {
  name = 'Signatures1795421357289';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "electronic_signatures" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "entity" varchar(64) NOT NULL, "entity_id" varchar(36) NOT NULL, "signer_id" varchar(36) NOT NULL, "signer_name" varchar(200) NOT NULL, "meaning" varchar(32) NOT NULL, "reason" text NOT NULL, "content_hash" varchar(64) NOT NULL, "signed_at" varchar(30) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_electronic_signatures_target" ON "electronic_signatures" ("entity", "entity_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_electronic_signatures_target"`);
    await queryRunner.query(`DROP TABLE "electronic_signatures"`);
  }
}
