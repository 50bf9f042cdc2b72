import { MigrationInterface, QueryRunner } from 'typeorm';

export class FitsByMaterialNewestFirst1796536899113 implements MigrationInterface {
  name = 'FitsByMaterialNewestFirst1796536899113';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_dose_response_fits_material_created" ON "dose_response_fits" ("material_id", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_dose_response_fits_material_created"`);
  }
}
