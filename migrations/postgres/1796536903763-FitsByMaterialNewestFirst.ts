import { MigrationInterface, QueryRunner } from 'typeorm';

export class FitsByMaterialNewestFirst1796536903763 implements MigrationInterface {
  name = 'FitsByMaterialNewestFirst1796536903763';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_dose_response_fits_material_created" ON "dose_response_fits"  ("material_id", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_dose_response_fits_material_created"`);
  }
}
