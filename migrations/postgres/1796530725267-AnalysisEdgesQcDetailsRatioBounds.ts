import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalysisEdgesQcDetailsRatioBounds1796530725267 implements MigrationInterface {
  name = 'AnalysisEdgesQcDetailsRatioBounds1796530725267';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plate_qc_results" ADD "qc_details" text`);
    await queryRunner.query(`ALTER TABLE "fold_resistance_results" ADD "bound_relation" character varying(1)`);
    await queryRunner.query(`ALTER TABLE "fold_resistance_results" ADD "bound_value" double precision`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fold_resistance_results" DROP COLUMN "bound_value"`);
    await queryRunner.query(`ALTER TABLE "fold_resistance_results" DROP COLUMN "bound_relation"`);
    await queryRunner.query(`ALTER TABLE "plate_qc_results" DROP COLUMN "qc_details"`);
  }
}
