import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebSessions1796553082185 implements MigrationInterface {
  name = 'WebSessions1796553082185';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "web_sessions" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" character varying(36) NOT NULL, "token_hash" character varying(64) NOT NULL, "csrf_token" character varying(64) NOT NULL, "signed_in_with" character varying(16) NOT NULL, "api_key_id" character varying(36), "expires_at" character varying(30) NOT NULL, "idle_expires_at" character varying(30) NOT NULL, "signed_out_at" character varying(30), CONSTRAINT "PK_3ae6bbf6cb5ac95b7f617d395d3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_web_sessions_user" ON "web_sessions"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_web_sessions_token_hash" ON "web_sessions"  ("token_hash") `);
    await queryRunner.query(`ALTER TABLE "web_sessions" ADD CONSTRAINT "FK_099af5f73522b589358b3d1189f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "web_sessions" DROP CONSTRAINT "FK_099af5f73522b589358b3d1189f"`);
    await queryRunner.query(`DROP INDEX "public"."uq_web_sessions_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_web_sessions_user"`);
    await queryRunner.query(`DROP TABLE "web_sessions"`);
  }
}
