import { MigrationInterface, QueryRunner } from 'typeorm';

export class CocultureAndLcms1796542254498 implements MigrationInterface {
  name = 'CocultureAndLcms1796542254498';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "coculture_cultures" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "run_id" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "condition" varchar(16) NOT NULL, "donor_id" varchar(36), "aliquot_id" varchar(36), "abiotic_control_id" varchar(36), "medium" varchar(64) NOT NULL, "atmosphere" varchar(64) NOT NULL, "temperature_celsius" double precision NOT NULL, "inoculum" varchar(200), "drug" varchar(64), "drug_start_concentration_raw" varchar(40), "drug_start_concentration" double precision, "drug_concentration_unit" varchar(8), "o2_limit_ppm" double precision NOT NULL, "max_o2_ppm" double precision, "anaerobic" boolean NOT NULL DEFAULT (1), "notes" text, "created_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_coculture_cultures_donor" ON "coculture_cultures" ("donor_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_coculture_cultures_run" ON "coculture_cultures" ("run_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "coculture_samples" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "barcode" varchar(64) NOT NULL, "culture_id" varchar(36) NOT NULL, "run_id" varchar(36) NOT NULL, "time_hours" double precision NOT NULL, "replicate" integer NOT NULL, "chamber_o2_ppm" double precision NOT NULL, "sampled_at" varchar(30) NOT NULL, "created_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_coculture_samples_barcode" ON "coculture_samples" ("barcode") `);
    await queryRunner.query(`CREATE INDEX "ix_coculture_samples_run" ON "coculture_samples" ("run_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_coculture_samples_slot" ON "coculture_samples" ("culture_id", "time_hours", "replicate") `);
    await queryRunner.query(`CREATE TABLE "coculture_kinetics_results" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "culture_id" varchar(36) NOT NULL, "run_id" varchar(36) NOT NULL, "analyte" varchar(64) NOT NULL, "role" varchar(16) NOT NULL, "current" boolean NOT NULL, "rate_constant_per_hour" double precision, "half_life_hours" double precision, "flags" text NOT NULL, "result" text NOT NULL, "method" varchar(64) NOT NULL, "method_version" varchar(16) NOT NULL, "options" text NOT NULL, "input_hash" varchar(64) NOT NULL, "created_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_coculture_kinetics_run" ON "coculture_kinetics_results" ("run_id", "current") `);
    await queryRunner.query(`CREATE INDEX "ix_coculture_kinetics_culture" ON "coculture_kinetics_results" ("culture_id", "analyte", "current") `);
    await queryRunner.query(`CREATE TABLE "lcms_batches" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "run_id" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "analytes" text NOT NULL, "internal_standard" varchar(64) NOT NULL, "concentration_unit" varchar(8) NOT NULL, "instrument" varchar(200) NOT NULL, "operator_id" varchar(36) NOT NULL, "notes" text, "created_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_batches_run" ON "lcms_batches" ("run_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "lcms_injections" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "batch_id" varchar(36) NOT NULL, "position" integer NOT NULL, "name" varchar(200) NOT NULL, "type" varchar(16) NOT NULL, "nominals" text, "qc_level" varchar(32), "sample_id" varchar(36), "sample_barcode" varchar(64), "dilution_factor" double precision NOT NULL DEFAULT (1))`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_injections_sample" ON "lcms_injections" ("sample_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_lcms_injections_name" ON "lcms_injections" ("batch_id", "name") `);
    await queryRunner.query(`CREATE TABLE "lcms_imports" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "batch_id" varchar(36) NOT NULL, "content_hash" varchar(64) NOT NULL, "format" varchar(16) NOT NULL, "encoding" varchar(16), "filename" varchar(255), "peak_count" integer NOT NULL, "current" boolean NOT NULL, "created_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_imports_batch_hash" ON "lcms_imports" ("batch_id", "content_hash") `);
    await queryRunner.query(`CREATE TABLE "lcms_peak_areas" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "batch_id" varchar(36) NOT NULL, "import_id" varchar(36) NOT NULL, "injection_id" varchar(36) NOT NULL, "analyte" varchar(64) NOT NULL, "internal_standard" boolean NOT NULL, "file_compound" varchar(200) NOT NULL, "area_raw" varchar(64) NOT NULL, "area" double precision, "is_area_raw" varchar(64), "is_area" double precision, "retention_time_raw" varchar(64), "line" integer NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_peak_areas_import" ON "lcms_peak_areas" ("import_id", "injection_id") `);
    await queryRunner.query(`CREATE TABLE "lcms_calibrations" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "batch_id" varchar(36) NOT NULL, "import_id" varchar(36) NOT NULL, "analyte" varchar(64) NOT NULL, "current" boolean NOT NULL, "accepted" boolean NOT NULL, "failed_rules" text NOT NULL, "slope" double precision, "intercept" double precision, "exclusions" text NOT NULL, "flags" text NOT NULL, "result" text NOT NULL, "method" varchar(64) NOT NULL, "method_version" varchar(16) NOT NULL, "options" text NOT NULL, "input_hash" varchar(64) NOT NULL, "superseded_at" varchar(30), "created_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_calibrations_batch" ON "lcms_calibrations" ("batch_id", "analyte", "current") `);
    await queryRunner.query(`CREATE TABLE "lcms_concentrations" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "calibration_id" varchar(36) NOT NULL, "batch_id" varchar(36) NOT NULL, "injection_id" varchar(36) NOT NULL, "sample_id" varchar(36), "analyte" varchar(64) NOT NULL, "current" boolean NOT NULL, "status" varchar(16) NOT NULL, "concentration" double precision, "unit" varchar(8) NOT NULL, "response" double precision, "task" varchar(32))`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_concentrations_sample" ON "lcms_concentrations" ("sample_id", "current") `);
    await queryRunner.query(`CREATE INDEX "ix_lcms_concentrations_batch" ON "lcms_concentrations" ("batch_id", "current", "analyte") `);
    await queryRunner.query(`CREATE TABLE "lcms_name_mappings" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "protocol_version_id" varchar(36) NOT NULL, "file_name" varchar(200) NOT NULL, "target" varchar(64), "confirmed_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_lcms_name_mappings" ON "lcms_name_mappings" ("protocol_version_id", "file_name") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_lcms_name_mappings"`);
    await queryRunner.query(`DROP TABLE "lcms_name_mappings"`);
    await queryRunner.query(`DROP INDEX "ix_lcms_concentrations_batch"`);
    await queryRunner.query(`DROP INDEX "ix_lcms_concentrations_sample"`);
    await queryRunner.query(`DROP TABLE "lcms_concentrations"`);
    await queryRunner.query(`DROP INDEX "ix_lcms_calibrations_batch"`);
    await queryRunner.query(`DROP TABLE "lcms_calibrations"`);
    await queryRunner.query(`DROP INDEX "ix_lcms_peak_areas_import"`);
    await queryRunner.query(`DROP TABLE "lcms_peak_areas"`);
    await queryRunner.query(`DROP INDEX "ix_lcms_imports_batch_hash"`);
    await queryRunner.query(`DROP TABLE "lcms_imports"`);
    await queryRunner.query(`DROP INDEX "uq_lcms_injections_name"`);
    await queryRunner.query(`DROP INDEX "ix_lcms_injections_sample"`);
    await queryRunner.query(`DROP TABLE "lcms_injections"`);
    await queryRunner.query(`DROP INDEX "ix_lcms_batches_run"`);
    await queryRunner.query(`DROP TABLE "lcms_batches"`);
    await queryRunner.query(`DROP INDEX "ix_coculture_kinetics_culture"`);
    await queryRunner.query(`DROP INDEX "ix_coculture_kinetics_run"`);
    await queryRunner.query(`DROP TABLE "coculture_kinetics_results"`);
    await queryRunner.query(`DROP INDEX "uq_coculture_samples_slot"`);
    await queryRunner.query(`DROP INDEX "ix_coculture_samples_run"`);
    await queryRunner.query(`DROP INDEX "uq_coculture_samples_barcode"`);
    await queryRunner.query(`DROP TABLE "coculture_samples"`);
    await queryRunner.query(`DROP INDEX "ix_coculture_cultures_run"`);
    await queryRunner.query(`DROP INDEX "ix_coculture_cultures_donor"`);
    await queryRunner.query(`DROP TABLE "coculture_cultures"`);
  }
}
