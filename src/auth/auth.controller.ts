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
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import { Actor, ROLES } from '../common/auth/roles';
import { ApiKeysService, toApiKeyDto } from './api-keys.service';
import {
  ActorDto,
  ApiKeyDto,
  ChangePasswordDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  CreateUserDto,
  ReasonDto,
  UpdateUserDto,
  UserDto,
} from './dto/auth.dto';
import { toUserDto, UsersService } from './users.service';

@ApiTags('auth')
@ApiBearerAuth()
@Roles(...ROLES)
@Controller('auth')
export class AuthController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOkResponse({ type: ActorDto })
  me(@CurrentActor() actor: Actor): ActorDto {
    return actor;
  }

  @Put('password')
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
  @Roles('admin', 'manager')
  @ApiOkResponse({ type: [UserDto] })
  async list(): Promise<UserDto[]> {
    return (await this.users.list()).map(toUserDto);
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.create(actor, dto));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return toUserDto(await this.users.update(actor, id, dto));
  }

  @Post(':id/deactivate')
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
  @ApiQuery({ name: 'userId', required: false, description: 'Admins: keys of this user' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list(@CurrentActor() actor: Actor, @Query('userId') userId?: string): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.list(actor, userId)).map(toApiKeyDto);
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyDto })
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.getVisible(actor, id));
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key is in the body this once' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(actor, dto);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyDto })
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.revoke(actor, id));
  }

  @Post(':id/rotate')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  rotate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.rotate(actor, id);
  }
}
