import { MigrationInterface, QueryRunner } from 'typeorm';

export class PerPlateIdempotency1796541852483 implements MigrationInterface {
  name = 'PerPlateIdempotency1796541852483';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_plate_readings_content_hash"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plate_readings_idempotency_key"`);
    await queryRunner.query(`CREATE TABLE "plate_imports" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "content_hash" character varying(64) NOT NULL, "idempotency_key" character varying(200), "format" character varying(16) NOT NULL, "encoding" character varying(16), "source_filename" character varying(255), "instrument_id" character varying(36), "uploaded_by_id" character varying(36) NOT NULL, "received_at" character varying(30) NOT NULL, "plate_ids" text NOT NULL, "result" text NOT NULL, CONSTRAINT "PK_740aa4c8ede3b927926f518f5d4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plate_imports_idempotency_key" ON "plate_imports"  ("idempotency_key") `);
    await queryRunner.query(`CREATE INDEX "ix_plate_imports_content_hash" ON "plate_imports"  ("content_hash") `);
    await queryRunner.query(`ALTER TABLE "plate_readings" ADD "import_id" character varying(36)`);
    await queryRunner.query(`CREATE INDEX "ix_plate_readings_import" ON "plate_readings"  ("import_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plate_readings_content_plate" ON "plate_readings"  ("content_hash", "plate_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_plate_readings_content_plate"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plate_readings_import"`);
    await queryRunner.query(`ALTER TABLE "plate_readings" DROP COLUMN "import_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plate_imports_content_hash"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plate_imports_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "plate_imports"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plate_readings_idempotency_key" ON "plate_readings" USING btree ("idempotency_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plate_readings_content_hash" ON "plate_readings" USING btree ("content_hash") `);
  }
}
