import { MigrationInterface, QueryRunner } from 'typeorm';

export class CocultureAndLcms1796542262087 implements MigrationInterface {
  name = 'CocultureAndLcms1796542262087';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "coculture_cultures" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" character varying(36) NOT NULL, "name" character varying(200) NOT NULL, "condition" character varying(16) NOT NULL, "donor_id" character varying(36), "aliquot_id" character varying(36), "abiotic_control_id" character varying(36), "medium" character varying(64) NOT NULL, "atmosphere" character varying(64) NOT NULL, "temperature_celsius" double precision NOT NULL, "inoculum" character varying(200), "drug" character varying(64), "drug_start_concentration_raw" character varying(40), "drug_start_concentration" double precision, "drug_concentration_unit" character varying(8), "o2_limit_ppm" double precision NOT NULL, "max_o2_ppm" double precision, "anaerobic" boolean NOT NULL DEFAULT true, "notes" text, "created_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_48f4e057bcdfa7c14bb31c62943" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_coculture_cultures_donor" ON "coculture_cultures"  ("donor_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_coculture_cultures_run" ON "coculture_cultures"  ("run_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "coculture_samples" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "barcode" character varying(64) NOT NULL, "culture_id" character varying(36) NOT NULL, "run_id" character varying(36) NOT NULL, "time_hours" double precision NOT NULL, "replicate" integer NOT NULL, "chamber_o2_ppm" double precision NOT NULL, "sampled_at" character varying(30) NOT NULL, "created_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_80c86b553e5aeb746829194d1f3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_coculture_samples_barcode" ON "coculture_samples"  ("barcode") `);
    await queryRunner.query(`CREATE INDEX "ix_coculture_samples_run" ON "coculture_samples"  ("run_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_coculture_samples_slot" ON "coculture_samples"  ("culture_id", "time_hours", "replicate") `);
    await queryRunner.query(`CREATE TABLE "coculture_kinetics_results" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "culture_id" character varying(36) NOT NULL, "run_id" character varying(36) NOT NULL, "analyte" character varying(64) NOT NULL, "role" character varying(16) NOT NULL, "current" boolean NOT NULL, "rate_constant_per_hour" double precision, "half_life_hours" double precision, "flags" text NOT NULL, "result" text NOT NULL, "method" character varying(64) NOT NULL, "method_version" character varying(16) NOT NULL, "options" text NOT NULL, "input_hash" character varying(64) NOT NULL, "created_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_6aac7bd7abc82fea8b381dbc179" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_coculture_kinetics_run" ON "coculture_kinetics_results"  ("run_id", "current") `);
    await queryRunner.query(`CREATE INDEX "ix_coculture_kinetics_culture" ON "coculture_kinetics_results"  ("culture_id", "analyte", "current") `);
    await queryRunner.query(`CREATE TABLE "lcms_batches" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" character varying(36) NOT NULL, "name" character varying(200) NOT NULL, "analytes" text NOT NULL, "internal_standard" character varying(64) NOT NULL, "concentration_unit" character varying(8) NOT NULL, "instrument" character varying(200) NOT NULL, "operator_id" character varying(36) NOT NULL, "notes" text, "created_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_250a177019718771a0fe12acb07" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_batches_run" ON "lcms_batches"  ("run_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "lcms_injections" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "batch_id" character varying(36) NOT NULL, "position" integer NOT NULL, "name" character varying(200) NOT NULL, "type" character varying(16) NOT NULL, "nominals" text, "qc_level" character varying(32), "sample_id" character varying(36), "sample_barcode" character varying(64), "dilution_factor" double precision NOT NULL DEFAULT '1', CONSTRAINT "PK_b7bb261d6f284cbbada860704e4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_injections_sample" ON "lcms_injections"  ("sample_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_lcms_injections_name" ON "lcms_injections"  ("batch_id", "name") `);
    await queryRunner.query(`CREATE TABLE "lcms_imports" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "batch_id" character varying(36) NOT NULL, "content_hash" character varying(64) NOT NULL, "format" character varying(16) NOT NULL, "encoding" character varying(16), "filename" character varying(255), "peak_count" integer NOT NULL, "current" boolean NOT NULL, "created_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_bdd63797ef16d8d3fb4d7bc33df" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_imports_batch_hash" ON "lcms_imports"  ("batch_id", "content_hash") `);
    await queryRunner.query(`CREATE TABLE "lcms_peak_areas" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "batch_id" character varying(36) NOT NULL, "import_id" character varying(36) NOT NULL, "injection_id" character varying(36) NOT NULL, "analyte" character varying(64) NOT NULL, "internal_standard" boolean NOT NULL, "file_compound" character varying(200) NOT NULL, "area_raw" character varying(64) NOT NULL, "area" double precision, "is_area_raw" character varying(64), "is_area" double precision, "retention_time_raw" character varying(64), "line" integer NOT NULL, CONSTRAINT "PK_df238d99a894906761d466cbed6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_peak_areas_import" ON "lcms_peak_areas"  ("import_id", "injection_id") `);
    await queryRunner.query(`CREATE TABLE "lcms_calibrations" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "batch_id" character varying(36) NOT NULL, "import_id" character varying(36) NOT NULL, "analyte" character varying(64) NOT NULL, "current" boolean NOT NULL, "accepted" boolean NOT NULL, "failed_rules" text NOT NULL, "slope" double precision, "intercept" double precision, "exclusions" text NOT NULL, "flags" text NOT NULL, "result" text NOT NULL, "method" character varying(64) NOT NULL, "method_version" character varying(16) NOT NULL, "options" text NOT NULL, "input_hash" character varying(64) NOT NULL, "superseded_at" character varying(30), "created_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_81b4540079f1ff6bd6e035980bc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_calibrations_batch" ON "lcms_calibrations"  ("batch_id", "analyte", "current") `);
    await queryRunner.query(`CREATE TABLE "lcms_concentrations" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "calibration_id" character varying(36) NOT NULL, "batch_id" character varying(36) NOT NULL, "injection_id" character varying(36) NOT NULL, "sample_id" character varying(36), "analyte" character varying(64) NOT NULL, "current" boolean NOT NULL, "status" character varying(16) NOT NULL, "concentration" double precision, "unit" character varying(8) NOT NULL, "response" double precision, "task" character varying(32), CONSTRAINT "PK_a4bf2c1b244b725fd8e078c7fbe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_lcms_concentrations_sample" ON "lcms_concentrations"  ("sample_id", "current") `);
    await queryRunner.query(`CREATE INDEX "ix_lcms_concentrations_batch" ON "lcms_concentrations"  ("batch_id", "current", "analyte") `);
    await queryRunner.query(`CREATE TABLE "lcms_name_mappings" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "protocol_version_id" character varying(36) NOT NULL, "file_name" character varying(200) NOT NULL, "target" character varying(64), "confirmed_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_8141fbb89074fbebe132b7cf81a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_lcms_name_mappings" ON "lcms_name_mappings"  ("protocol_version_id", "file_name") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_lcms_name_mappings"`);
    await queryRunner.query(`DROP TABLE "lcms_name_mappings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_lcms_concentrations_batch"`);
    await queryRunner.query(`DROP INDEX "public"."ix_lcms_concentrations_sample"`);
    await queryRunner.query(`DROP TABLE "lcms_concentrations"`);
    await queryRunner.query(`DROP INDEX "public"."ix_lcms_calibrations_batch"`);
    await queryRunner.query(`DROP TABLE "lcms_calibrations"`);
    await queryRunner.query(`DROP INDEX "public"."ix_lcms_peak_areas_import"`);
    await queryRunner.query(`DROP TABLE "lcms_peak_areas"`);
    await queryRunner.query(`DROP INDEX "public"."ix_lcms_imports_batch_hash"`);
    await queryRunner.query(`DROP TABLE "lcms_imports"`);
    await queryRunner.query(`DROP INDEX "public"."uq_lcms_injections_name"`);
    await queryRunner.query(`DROP INDEX "public"."ix_lcms_injections_sample"`);
    await queryRunner.query(`DROP TABLE "lcms_injections"`);
    await queryRunner.query(`DROP INDEX "public"."ix_lcms_batches_run"`);
    await queryRunner.query(`DROP TABLE "lcms_batches"`);
    await queryRunner.query(`DROP INDEX "public"."ix_coculture_kinetics_culture"`);
    await queryRunner.query(`DROP INDEX "public"."ix_coculture_kinetics_run"`);
    await queryRunner.query(`DROP TABLE "coculture_kinetics_results"`);
    await queryRunner.query(`DROP INDEX "public"."uq_coculture_samples_slot"`);
    await queryRunner.query(`DROP INDEX "public"."ix_coculture_samples_run"`);
    await queryRunner.query(`DROP INDEX "public"."uq_coculture_samples_barcode"`);
    await queryRunner.query(`DROP TABLE "coculture_samples"`);
    await queryRunner.query(`DROP INDEX "public"."ix_coculture_cultures_run"`);
    await queryRunner.query(`DROP INDEX "public"."ix_coculture_cultures_donor"`);
    await queryRunner.query(`DROP TABLE "coculture_cultures"`);
  }
}
