import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand (the generator knows no triggers): the audit trail is append-only.
export class AuditAppendOnly1795420824790 implements MigrationInterface {
  name = 'AuditAppendOnly1795420824790';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE ON "audit_events" BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_delete" BEFORE DELETE ON "audit_events" BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_events_no_delete"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_no_update"`);
  }
}
