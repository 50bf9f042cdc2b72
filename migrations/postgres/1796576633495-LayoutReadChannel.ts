import { MigrationInterface, QueryRunner } from 'typeorm';

export class LayoutReadChannel1796576633495 implements MigrationInterface {
  name = 'LayoutReadChannel1796576633495';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plate_layouts" ADD "read_mode" character varying(16) NOT NULL DEFAULT 'absorbance'`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" ADD "excitation_wavelength_nm" integer`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" ADD "emission_wavelength_nm" integer`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" ADD "read_gain" character varying(32)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plate_layouts" DROP COLUMN "read_gain"`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" DROP COLUMN "emission_wavelength_nm"`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" DROP COLUMN "excitation_wavelength_nm"`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" DROP COLUMN "read_mode"`);
  }
}
