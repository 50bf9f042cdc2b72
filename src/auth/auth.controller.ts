import { PageQueryDto } from '../common/dto/page-query.dto';
import { pageOfLoaded } from '../common/dto/page.dto';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import { Actor, ROLES } from '../common/auth/roles';
import { ApiKeysService, toApiKeyDto } from './api-keys.service';
import {
  ActorDto,
  ApiKeyDto,
  ApiKeyPageDto,
  UserPageDto,
  ListApiKeysQueryDto,
  ChangePasswordDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  CreateUserDto,
  ReasonDto,
  UpdateUserDto,
  UserDto,
} from './dto/auth.dto';
import { toUserDto, UsersService } from './users.service';
import { ApiProblems } from '../common/openapi/api-problems';

@ApiTags('auth')
@ApiBearerAuth()
@Roles(...ROLES)
@Controller('auth')
export class AuthController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: 'Who you are: the user and roles of the API key you sent' })
  @ApiProblems()
  @ApiOkResponse({ type: ActorDto })
  me(@CurrentActor() actor: Actor): ActorDto {
    return actor;
  }

  @Put('password')
  @ApiOperation({ summary: 'Change your password (the current one is required)' })
  @ApiProblems('REAUTHENTICATION_FAILED')
  @HttpCode(204)
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.users.changePassword(actor, dto);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users (admins and managers)' })
  @ApiProblems()
  @Roles('admin', 'manager')
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() q: PageQueryDto): Promise<UserPageDto> {
    return pageOfLoaded((await this.users.list()).map(toUserDto), q);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user with roles and a password (admins)' })
  @ApiProblems('USERNAME_TAKEN')
  @ApiCreatedResponse({ type: UserDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.create(actor, dto));
  }

  @Patch(':id')
  @ApiOperation({ summary: "Edit a user's display name or roles (admins)" })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: UserDto })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return toUserDto(await this.users.update(actor, id, dto));
  }

  @Post(':id/deactivate')
  @ApiOperation({ summary: 'Deactivate a user: their keys stop working (admins)' })
  @ApiProblems('NOT_FOUND', 'CONFLICT')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto })
  async deactivate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReasonDto,
  ): Promise<UserDto> {
    return toUserDto(await this.users.setActive(actor, id, false, dto.reason));
  }

  @Post(':id/activate')
  @ApiOperation({ summary: 'Reactivate a user (admins)' })
  @ApiProblems('NOT_FOUND')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto })
  async activate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReasonDto,
  ): Promise<UserDto> {
    return toUserDto(await this.users.setActive(actor, id, true, dto.reason));
  }
}

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles(...ROLES)
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: 'List your API keys (admins: any user’s, with userId)' })
  @ApiProblems()
  @ApiOkResponse({ type: ApiKeyPageDto })
  async list(
    @CurrentActor() actor: Actor,
    @Query() q: ListApiKeysQueryDto,
  ): Promise<ApiKeyPageDto> {
    return pageOfLoaded((await this.apiKeys.list(actor, q.userId)).map(toApiKeyDto), q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One API key (never its secret)' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: ApiKeyDto })
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.getVisible(actor, id));
  }

  @Post()
  @ApiOperation({ summary: 'Create an API key; the key is in the answer this once' })
  @ApiProblems('FORBIDDEN_ROLE', 'VALIDATION_FAILED')
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key is in the body this once' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(actor, dto);
  }

  @Post(':id/revoke')
  @ApiOperation({ summary: 'Revoke an API key: it stops working at once' })
  @ApiProblems('NOT_FOUND', 'API_KEY_REVOKED')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyDto })
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.revoke(actor, id));
  }

  @Post(':id/rotate')
  @ApiOperation({ summary: 'Replace an API key by a new one (shown once) and revoke the old' })
  @ApiProblems('NOT_FOUND', 'API_KEY_REVOKED')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  rotate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.rotate(actor, id);
  }
}
