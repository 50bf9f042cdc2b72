import { MigrationInterface, QueryRunner } from 'typeorm';

// Browser sessions of the web UI (src/web): generated, then the table created with its foreign
// key at once instead of created and rebuilt.
export class WebSessions1796553074228 implements MigrationInterface {
  name = 'WebSessions1796553074228';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "web_sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "user_id" varchar(36) NOT NULL, "token_hash" varchar(64) NOT NULL, "csrf_token" varchar(64) NOT NULL, "signed_in_with" varchar(16) NOT NULL, "api_key_id" varchar(36), "expires_at" varchar(30) NOT NULL, "idle_expires_at" varchar(30) NOT NULL, "signed_out_at" varchar(30), CONSTRAINT "FK_099af5f73522b589358b3d1189f" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE INDEX "ix_web_sessions_user" ON "web_sessions" ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_web_sessions_token_hash" ON "web_sessions" ("token_hash") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_web_sessions_token_hash"`);
    await queryRunner.query(`DROP INDEX "ix_web_sessions_user"`);
    await queryRunner.query(`DROP TABLE "web_sessions"`);
  }
}
