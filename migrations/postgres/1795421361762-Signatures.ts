import { MigrationInterface, QueryRunner } from 'typeorm';

export class Signatures1795421361762 implements MigrationInterface {
  name = 'Signatures1795421361762';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "electronic_signatures" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "entity" character varying(64) NOT NULL, "entity_id" character varying(36) NOT NULL, "signer_id" character varying(36) NOT NULL, "signer_name" character varying(200) NOT NULL, "meaning" character varying(32) NOT NULL, "reason" text NOT NULL, "content_hash" character varying(64) NOT NULL, "signed_at" character varying(30) NOT NULL, CONSTRAINT "PK_8f8ed6e1bb523e9d18c693e8431" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_electronic_signatures_target" ON "electronic_signatures"  ("entity", "entity_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_electronic_signatures_target"`);
    await queryRunner.query(`DROP TABLE "electronic_signatures"`);
  }
}
