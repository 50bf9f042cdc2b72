import { MigrationInterface, QueryRunner } from 'typeorm';

export class QpcrAssay1796553096300 implements MigrationInterface {
  name = 'QpcrAssay1796553096300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "qpcr_analyses" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "run_id" varchar(36) NOT NULL, "import_id" varchar(36) NOT NULL, "current" boolean NOT NULL, "quantification_method" varchar(32) NOT NULL, "method" varchar(64) NOT NULL, "method_version" varchar(16) NOT NULL, "options" text NOT NULL, "input_hash" varchar(64) NOT NULL, "flags" text NOT NULL, "result" text NOT NULL, "created_by_id" varchar(36) NOT NULL, "superseded_at" varchar(30))`);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_analyses_run" ON "qpcr_analyses" ("run_id", "current") `);
    await queryRunner.query(`CREATE TABLE "qpcr_fold_changes" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "analysis_id" varchar(36) NOT NULL, "run_id" varchar(36) NOT NULL, "current" boolean NOT NULL, "gene" varchar(64) NOT NULL, "sample_group" varchar(64) NOT NULL, "calibrator_group" varchar(64) NOT NULL, "material_id" varchar(36), "calibrator_material_id" varchar(36), "quantification_method" varchar(32) NOT NULL, "fold_change" double precision, "log2_fold" double precision, "ci_lower" double precision, "ci_upper" double precision, "p_value" double precision, "n_samples" integer NOT NULL, "n_calibrator_samples" integer NOT NULL, "flags" text NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_fold_changes_material" ON "qpcr_fold_changes" ("material_id", "current") `);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_fold_changes_analysis" ON "qpcr_fold_changes" ("analysis_id") `);
    await queryRunner.query(`CREATE TABLE "qpcr_imports" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "run_id" varchar(36) NOT NULL, "content_hash" varchar(64) NOT NULL, "format" varchar(32) NOT NULL, "filename" varchar(255), "reaction_count" integer NOT NULL, "metadata" text NOT NULL, "current" boolean NOT NULL, "created_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_imports_run_hash" ON "qpcr_imports" ("run_id", "content_hash") `);
    await queryRunner.query(`CREATE TABLE "qpcr_miqe_records" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "run_id" varchar(36) NOT NULL, "instrument" varchar(200), "chemistry" varchar(64), "rt_kit" varchar(200), "efficiency_source" varchar(32), "primers" text NOT NULL, "rna_quality" text NOT NULL, "notes" text, "updated_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_qpcr_miqe_records_run" ON "qpcr_miqe_records" ("run_id") `);
    await queryRunner.query(`CREATE TABLE "qpcr_name_maps" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "run_id" varchar(36) NOT NULL, "samples" text NOT NULL, "targets" text NOT NULL, "updated_by_id" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_qpcr_name_maps_run" ON "qpcr_name_maps" ("run_id") `);
    await queryRunner.query(`CREATE TABLE "qpcr_reactions" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "run_id" varchar(36) NOT NULL, "import_id" varchar(36) NOT NULL, "plate" varchar(200) NOT NULL, "well" varchar(8) NOT NULL, "sample_raw" varchar(200) NOT NULL, "target_raw" varchar(200) NOT NULL, "sample" varchar(200), "material_id" varchar(36), "sample_group" varchar(64), "gene" varchar(64) NOT NULL, "task" varchar(16) NOT NULL, "cq" double precision, "cq_status" varchar(16) NOT NULL, "cq_raw" varchar(64) NOT NULL, "quantity" double precision, "quantity_raw" varchar(64), "dye" varchar(64), "omitted" boolean NOT NULL, "source" varchar(100) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_reactions_run" ON "qpcr_reactions" ("run_id") `);
    await queryRunner.query(`CREATE INDEX "ix_qpcr_reactions_import" ON "qpcr_reactions" ("import_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_qpcr_reactions_import"`);
    await queryRunner.query(`DROP INDEX "ix_qpcr_reactions_run"`);
    await queryRunner.query(`DROP TABLE "qpcr_reactions"`);
    await queryRunner.query(`DROP INDEX "uq_qpcr_name_maps_run"`);
    await queryRunner.query(`DROP TABLE "qpcr_name_maps"`);
    await queryRunner.query(`DROP INDEX "uq_qpcr_miqe_records_run"`);
    await queryRunner.query(`DROP TABLE "qpcr_miqe_records"`);
    await queryRunner.query(`DROP INDEX "ix_qpcr_imports_run_hash"`);
    await queryRunner.query(`DROP TABLE "qpcr_imports"`);
    await queryRunner.query(`DROP INDEX "ix_qpcr_fold_changes_analysis"`);
    await queryRunner.query(`DROP INDEX "ix_qpcr_fold_changes_material"`);
    await queryRunner.query(`DROP TABLE "qpcr_fold_changes"`);
    await queryRunner.query(`DROP INDEX "ix_qpcr_analyses_run"`);
    await queryRunner.query(`DROP TABLE "qpcr_analyses"`);
  }
}
