import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795420828417 implements MigrationInterface {
    name = 'Init1795420828417'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "users" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "username" character varying(64) NOT NULL, "display_name" character varying(200) NOT NULL, "roles" text NOT NULL, "password_hash" character varying(255), "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("username") `);
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" character varying(36) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" character varying(36) NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(32) NOT NULL, "key_hash" character varying(64) NOT NULL, "expires_at" character varying(30), "revoked_at" character varying(30), "last_used_at" character varying(30), "rotated_from_id" character varying(36), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_api_keys_user" ON "api_keys"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_prefix" ON "api_keys"  ("prefix") `);
        await queryRunner.query(`CREATE TABLE "audit_events" ("seq" integer NOT NULL, "occurred_at" character varying(30) NOT NULL, "actor_id" character varying(36), "actor_name" character varying(200) NOT NULL, "action" character varying(64) NOT NULL, "entity" character varying(64) NOT NULL, "entity_id" character varying(64) NOT NULL, "before" text, "after" text, "reason" text, "prev_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_entity" ON "audit_events"  ("entity", "entity_id") `);
        await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_events_entity"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
        await queryRunner.query(`DROP INDEX "public"."uq_api_keys_prefix"`);
        await queryRunner.query(`DROP INDEX "public"."ix_api_keys_user"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
        await queryRunner.query(`DROP TABLE "users"`);
    }

}
