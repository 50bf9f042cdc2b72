import { MigrationInterface, QueryRunner } from 'typeorm';

export class QpcrAssay1796553103478 implements MigrationInterface {
  name = 'QpcrAssay1796553103478';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "qpcr_analyses" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" character varying(36) NOT NULL, "import_id" character varying(36) NOT NULL, "current" boolean NOT NULL, "quantification_method" character varying(32) NOT NULL, "method" character varying(64) NOT NULL, "method_version" character varying(16) NOT NULL, "options" text NOT NULL, "input_hash" character varying(64) NOT NULL, "flags" text NOT NULL, "result" text NOT NULL, "created_by_id" character varying(36) NOT NULL, "superseded_at" character varying(30), CONSTRAINT "PK_922c6af88a4afddd5e75b2e5402" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_analyses_run" ON "qpcr_analyses"  ("run_id", "current") `);
    await queryRunner.query(`CREATE TABLE "qpcr_fold_changes" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "analysis_id" character varying(36) NOT NULL, "run_id" character varying(36) NOT NULL, "current" boolean NOT NULL, "gene" character varying(64) NOT NULL, "sample_group" character varying(64) NOT NULL, "calibrator_group" character varying(64) NOT NULL, "material_id" character varying(36), "calibrator_material_id" character varying(36), "quantification_method" character varying(32) NOT NULL, "fold_change" double precision, "log2_fold" double precision, "ci_lower" double precision, "ci_upper" double precision, "p_value" double precision, "n_samples" integer NOT NULL, "n_calibrator_samples" integer NOT NULL, "flags" text NOT NULL, CONSTRAINT "PK_6dec8f9b597d3db1275d8bc6e77" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_fold_changes_material" ON "qpcr_fold_changes"  ("material_id", "current") `);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_fold_changes_analysis" ON "qpcr_fold_changes"  ("analysis_id") `);
    await queryRunner.query(`CREATE TABLE "qpcr_imports" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" character varying(36) NOT NULL, "content_hash" character varying(64) NOT NULL, "format" character varying(32) NOT NULL, "filename" character varying(255), "reaction_count" integer NOT NULL, "metadata" text NOT NULL, "current" boolean NOT NULL, "created_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_5b2bf8af9420c5d74af3636ea04" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_imports_run_hash" ON "qpcr_imports"  ("run_id", "content_hash") `);
    await queryRunner.query(`CREATE TABLE "qpcr_miqe_records" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" character varying(36) NOT NULL, "instrument" character varying(200), "chemistry" character varying(64), "rt_kit" character varying(200), "efficiency_source" character varying(32), "primers" text NOT NULL, "rna_quality" text NOT NULL, "notes" text, "updated_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_6d8858e148680194b683c86c9f8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_qpcr_miqe_records_run" ON "qpcr_miqe_records"  ("run_id") `);
    await queryRunner.query(`CREATE TABLE "qpcr_name_maps" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" character varying(36) NOT NULL, "samples" text NOT NULL, "targets" text NOT NULL, "updated_by_id" character varying(36) NOT NULL, CONSTRAINT "PK_d3390296158274b1c55d3d02de1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_qpcr_name_maps_run" ON "qpcr_name_maps"  ("run_id") `);
    await queryRunner.query(`CREATE TABLE "qpcr_reactions" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" character varying(36) NOT NULL, "import_id" character varying(36) NOT NULL, "plate" character varying(200) NOT NULL, "well" character varying(8) NOT NULL, "sample_raw" character varying(200) NOT NULL, "target_raw" character varying(200) NOT NULL, "sample" character varying(200), "material_id" character varying(36), "sample_group" character varying(64), "gene" character varying(64) NOT NULL, "task" character varying(16) NOT NULL, "cq" double precision, "cq_status" character varying(16) NOT NULL, "cq_raw" character varying(64) NOT NULL, "quantity" double precision, "quantity_raw" character varying(64), "dye" character varying(64), "omitted" boolean NOT NULL, "source" character varying(100) NOT NULL, CONSTRAINT "PK_969c030828d83afc9fdfc7232b4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_reactions_run" ON "qpcr_reactions"  ("run_id") `);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_reactions_import" ON "qpcr_reactions"  ("import_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_qpcr_reactions_import"`);
    await queryRunner.query(`DROP INDEX "public"."ix_qpcr_reactions_run"`);
    await queryRunner.query(`DROP TABLE "qpcr_reactions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_qpcr_name_maps_run"`);
    await queryRunner.query(`DROP TABLE "qpcr_name_maps"`);
    await queryRunner.query(`DROP INDEX "public"."uq_qpcr_miqe_records_run"`);
    await queryRunner.query(`DROP TABLE "qpcr_miqe_records"`);
    await queryRunner.query(`DROP INDEX "public"."ix_qpcr_imports_run_hash"`);
    await queryRunner.query(`DROP TABLE "qpcr_imports"`);
    await queryRunner.query(`DROP INDEX "public"."ix_qpcr_fold_changes_analysis"`);
    await queryRunner.query(`DROP INDEX "public"."ix_qpcr_fold_changes_material"`);
    await queryRunner.query(`DROP TABLE "qpcr_fold_changes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_qpcr_analyses_run"`);
    await queryRunner.query(`DROP TABLE "qpcr_analyses"`);
  }
}
