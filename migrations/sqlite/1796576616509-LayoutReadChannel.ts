import { MigrationInterface, QueryRunner } from 'typeorm';

// A layout names the read its assay analyses (issue 18): read mode, fluorescence filters, gain.
// Written by hand from the generated statements: the generator rebuilt plate_layouts to add four
// columns, and dropping that table (foreign keys on) would touch the plates that use it. Added
// columns with a default or nullable need no rebuild on SQLite.
export class LayoutReadChannel1796576616509 implements MigrationInterface {
  name = 'LayoutReadChannel1796576616509';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plate_layouts" ADD COLUMN "read_mode" varchar(16) NOT NULL DEFAULT ('absorbance')`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" ADD COLUMN "excitation_wavelength_nm" integer`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" ADD COLUMN "emission_wavelength_nm" integer`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" ADD COLUMN "read_gain" varchar(32)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plate_layouts" DROP COLUMN "read_gain"`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" DROP COLUMN "emission_wavelength_nm"`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" DROP COLUMN "excitation_wavelength_nm"`);
    await queryRunner.query(`ALTER TABLE "plate_layouts" DROP COLUMN "read_mode"`);
  }
}
