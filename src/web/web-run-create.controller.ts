import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { DomainError, ValidationFailedError } from '../common/errors/domain.error';
import { validatedAs } from '../common/validation/validated-as';
import { toMaterialDto } from '../materials/material.mapper';
import { MATERIAL_KIND_NAMES, type MaterialKindName } from '../materials/material-kinds';
import { MaterialsService } from '../materials/materials.service';
import type {
  ProtocolDefinition,
  ProtocolSetting,
} from '../protocols/definition/protocol-definition';
import { ProtocolsService } from '../protocols/protocols.service';
import { CreateRunDto } from '../runs/dto/create-run.dto';
import { collectProblems, RunsService } from '../runs/runs.service';
import { validateParameters } from '../protocols/settings/validate-parameters';
import { formProblems, listField, pageForm, textField, type FormProblems } from './web-forms';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { WebViews } from './web-views.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A plain decimal, typed without a unit: the setting's own unit. */
const BARE_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Planning a run from the UI, as POST /runs does: choose an approved protocol version, give its
 * settings (blank: the protocol's default) and the tracked materials of each of its slots. The
 * form is checked by CreateRunDto and RunsService.create, the API's own rules and messages.
 * Registered before WebRunsController so that `runs/new` is not read as a run id.
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui/runs')
export class WebRunCreateController {
  constructor(
    private readonly runs: RunsService,
    private readonly protocols: ProtocolsService,
    private readonly materials: MaterialsService,
    private readonly views: WebViews,
  ) {}

  @Get('new')
  async newRun(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('protocolVersionId') versionId?: string,
    @Query('materialId') materialId?: string,
  ): Promise<void> {
    const form: Record<string, unknown> = {};
    if (typeof versionId === 'string' && UUID.test(versionId)) form.protocolVersionId = versionId;
    // "New run with this material" from a material's page: preselected in every slot of its kind.
    if (typeof materialId === 'string' && UUID.test(materialId)) form.preselect = materialId;
    await this.render(req, res, 200, form);
  }

  @Post()
  create(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    return pageForm(
      res,
      async () => {
        const version = await this.chosenVersion(req.actor!, textField(form, 'protocolVersionId'));
        const definition = version?.definition as ProtocolDefinition | undefined;
        const { plain } = runInput(form, definition);
        const [dto] = await collectProblems(
          () => validatedAs(CreateRunDto, plain),
          // The settings' problems beside the form's others at once (the service checks again).
          () => definition && checkSettings(definition, plain.parameters),
        );
        const run = await this.runs.create(req.actor!, dto);
        return `/ui/runs/${run.id}?done=created`;
      },
      (status, error) => {
        const roles = runInput(form, undefined).roles;
        return this.render(req, res, status, form, formProblems(error, runFieldOf(roles)));
      },
    );
  }

  /** The approved version chosen, if the form names one the reader may see. */
  private async chosenVersion(actor: Actor, id: string | undefined) {
    if (!id || !UUID.test(id)) return null;
    return this.protocols.getVersion(actor, id).catch((e: unknown) => {
      if (e instanceof DomainError) return null;
      throw e;
    });
  }

  private async render(
    req: WebRequest,
    res: Response,
    status: number,
    form: Record<string, unknown>,
    problems?: FormProblems,
  ): Promise<void> {
    const actor = req.actor!;
    const versions = await this.approvedVersions(actor);
    const chosen = versions.find((v) => v.id === form.protocolVersionId) ?? null;
    const version = chosen ? await this.protocols.getVersion(actor, chosen.id) : null;
    const definition = version?.definition as ProtocolDefinition | undefined;
    const slots = [];
    for (const slot of definition?.materials ?? []) {
      if (!MATERIAL_KIND_NAMES.includes(slot.kind as MaterialKindName)) continue;
      const { items } = await this.materials.list({
        kind: slot.kind as MaterialKindName,
        status: 'available',
        limit: 500,
        offset: 0,
      });
      const given = listField(form, `material.${slot.id}`);
      const selected = given.length > 0 ? given : listField(form, 'preselect');
      slots.push({ ...slot, options: items.map(toMaterialDto), selected });
    }
    const settings = Object.entries(definition?.settings ?? {}).map(([key, s]) => ({
      key,
      ...describeSetting(s),
      value: typeof form[`param.${key}`] === 'string' ? (form[`param.${key}`] as string) : '',
    }));
    this.views.send(
      res,
      status,
      req,
      'run-new',
      { title: 'New run', nav: 'home' },
      { versions, version, slots, settings, form, problems },
    );
  }

  /** Every approved version the reader may see, newest protocol versions first. */
  private async approvedVersions(actor: Actor) {
    const list = await this.protocols.list(actor);
    const details = await Promise.all(list.map((p) => this.protocols.get(actor, p.id)));
    return details
      .flatMap((p) =>
        p.versions
          .filter((v) => v.status === 'approved')
          .map((v) => ({ id: v.id, key: p.key, title: p.title, version: v.version })),
      )
      .sort((a, b) => a.title.localeCompare(b.title) || b.version - a.version);
  }
}

/** The settings' problems as RunPlanService names them (`parameters.<key>`). */
function checkSettings(definition: ProtocolDefinition, parameters: unknown): void {
  const { problems } = validateParameters(definition, parameters);
  if (problems.length > 0) {
    throw new ValidationFailedError(
      problems.map((p) => ({ ...p, field: p.field ? `parameters.${p.field}` : 'parameters' })),
    );
  }
}

/** How a setting is entered: its label, unit, default and the kind of input. */
function describeSetting(s: ProtocolSetting) {
  const unit = 'unit' in s ? s.unit : undefined;
  const options = s.type === 'enum' ? s.options : undefined;
  const list = s.type === 'string-list' || s.type === 'number-list';
  const fallback = s.default === undefined ? undefined : String(s.default);
  return {
    label: s.label ?? undefined,
    description: s.description,
    type: s.type,
    unit,
    options,
    list,
    defaultText: Array.isArray(s.default) ? s.default.join(', ') : fallback,
    required: s.required === true && s.default === undefined,
  };
}

/**
 * The API's body from the form: `param.<key>` fields are the settings (blank: the default; a
 * list is comma-separated; a number may carry a unit, "250 nM"), `material.<slot>` fields the
 * materials. `roles[i]` is the slot of the body's materials[i].
 */
function runInput(
  form: Record<string, unknown>,
  definition: ProtocolDefinition | undefined,
): { plain: Record<string, unknown>; roles: string[] } {
  const parameters: Record<string, unknown> = {};
  const materials: { materialId: string; role: string }[] = [];
  for (const [name, raw] of Object.entries(form)) {
    if (name.startsWith('param.') && typeof raw === 'string' && raw.trim() !== '') {
      const key = name.slice('param.'.length);
      parameters[key] = settingValue(definition?.settings[key], raw.trim());
    }
    if (name.startsWith('material.')) {
      const role = name.slice('material.'.length);
      for (const id of listField(form, name)) materials.push({ materialId: id, role });
    }
  }
  const plain: Record<string, unknown> = { parameters, materials };
  for (const k of ['protocolVersionId', 'plannedStartAt', 'plannedEndAt', 'notes']) {
    const v = textField(form, k);
    if (v !== undefined) plain[k] = v;
  }
  // A blank title is the DTO's one problem "too short", not three about a missing string.
  if (typeof form.title === 'string') plain.title = form.title.trim();
  return { plain, roles: materials.map((m) => m.role) };
}

/** A setting's text as the API takes it (a bare number, true/false, a list); else as typed. */
function settingValue(setting: ProtocolSetting | undefined, text: string): unknown {
  switch (setting?.type) {
    case 'number':
    case 'integer':
      return BARE_NUMBER.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'string-list':
      return text.split(',').map((x) => x.trim());
    case 'number-list':
      return text
        .split(',')
        .map((x) => x.trim())
        .map((x) => (BARE_NUMBER.test(x) ? Number(x) : x));
    default:
      return text;
  }
}

/** The form input an API field belongs to. */
function runFieldOf(roles: string[]) {
  return (field: string): string | undefined => {
    const param = /^parameters\.([A-Za-z0-9_-]+)/.exec(field);
    if (param) return `param-${param[1]}`;
    const material = /^materials(?:\[(\d+)\]|\.(\d+))/.exec(field);
    if (material) {
      const role = roles[Number(material[1] ?? material[2])];
      return role ? `material-${role}` : undefined;
    }
    if (field === 'materials') return 'materials';
    if (['protocolVersionId', 'title', 'plannedStartAt', 'plannedEndAt', 'notes'].includes(field)) {
      return field;
    }
    return undefined;
  };
}
