import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '../../common/dto/page-query.dto';
import { PageOf } from '../../common/dto/page.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role, ROLES } from '../../common/auth/roles';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class CreateUserDto {
  @ApiProperty({ example: 'jdoe', description: 'Lower-case login name' })
  @Matches(/^[a-z][a-z0-9._-]{1,63}$/, {
    message: 'username must be 2-64 characters: lower-case letters, digits, dot, dash, underscore',
  })
  username!: string;

  @ApiProperty({ example: 'J. Doe' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  @ArrayMaxSize(ROLES.length)
  roles!: Role[];

  @ApiPropertyOptional({ description: 'Initial password (min 12 characters); needed to sign' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(12)
  @MaxLength(200)
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  @ArrayMaxSize(ROLES.length)
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;
}

export class ReasonDto {
  @ApiProperty({ description: 'Why (recorded in the audit trail)' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class ChangePasswordDto {
  @ApiPropertyOptional({ description: 'Required when a password is already set' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  currentPassword?: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @NoControlCharacters()
  @MinLength(12)
  @MaxLength(200)
  newPassword!: string;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
  @ApiProperty() hasPassword!: boolean;
  @ApiProperty() createdAt!: Date;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'plate reader 2, bench 4' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ description: 'UTC expiry, ISO 8601; none = never expires' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({ description: 'Admins only: create the key for this user' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(36)
  userId?: string;
}

/** Filters of GET /api-keys. */
export class ListApiKeysQueryDto extends PageQuery() {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: keys of this user' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Public first part of the key, to recognise it' }) prefix!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) rotatedFromId!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret key. Shown this once; only its hash is stored.' })
  key!: string;
}

export class ActorDto {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() apiKeyId!: string;
}

export class UserPageDto extends PageOf(UserDto) {}
export class ApiKeyPageDto extends PageOf(ApiKeyDto) {}
