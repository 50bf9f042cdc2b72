import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand from the generated statements: the generator rebuilt plate_readings to add a
// column, and dropping that table (foreign keys on) would cascade to plate_reading_values. An
// added nullable column and index changes need no rebuild on SQLite.
export class PerPlateIdempotency1796541849635 implements MigrationInterface {
  name = 'PerPlateIdempotency1796541849635';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_plate_readings_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "uq_plate_readings_content_hash"`);
    await queryRunner.query(`CREATE TABLE "plate_imports" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "content_hash" varchar(64) NOT NULL, "idempotency_key" varchar(200), "format" varchar(16) NOT NULL, "encoding" varchar(16), "source_filename" varchar(255), "instrument_id" varchar(36), "uploaded_by_id" varchar(36) NOT NULL, "received_at" varchar(30) NOT NULL, "plate_ids" text NOT NULL, "result" text NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plate_imports_idempotency_key" ON "plate_imports" ("idempotency_key") `);
    await queryRunner.query(`CREATE INDEX "ix_plate_imports_content_hash" ON "plate_imports" ("content_hash") `);
    await queryRunner.query(`ALTER TABLE "plate_readings" ADD COLUMN "import_id" varchar(36)`);
    await queryRunner.query(`CREATE INDEX "ix_plate_readings_import" ON "plate_readings" ("import_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plate_readings_content_plate" ON "plate_readings" ("content_hash", "plate_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_plate_readings_content_plate"`);
    await queryRunner.query(`DROP INDEX "ix_plate_readings_import"`);
    await queryRunner.query(`ALTER TABLE "plate_readings" DROP COLUMN "import_id"`);
    await queryRunner.query(`DROP INDEX "ix_plate_imports_content_hash"`);
    await queryRunner.query(`DROP INDEX "uq_plate_imports_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "plate_imports"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plate_readings_content_hash" ON "plate_readings" ("content_hash") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plate_readings_idempotency_key" ON "plate_readings" ("idempotency_key") `);
  }
}
