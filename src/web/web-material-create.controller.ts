import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../common/auth/auth.decorators';
import { ValidationFailedError } from '../common/errors/domain.error';
import { validatedAs } from '../common/validation/validated-as';
import { CellLinesService } from '../materials/cell-lines.service';
import { assertNoPersonalData } from '../materials/donor-privacy.interceptor';
import { CreateAliquotsDto, MAX_ALIQUOTS_PER_SPLIT } from '../materials/dto/create-aliquots.dto';
import {
  CreateBacterialCultureDto,
  CULTURE_TREATMENTS,
} from '../materials/dto/create-bacterial-culture.dto';
import { CreateCellLineDto } from '../materials/dto/create-cell-line.dto';
import { CreateCryoStockDto } from '../materials/dto/create-cryo-stock.dto';
import {
  CreateDonorDto,
  RESPONDER_STATUSES,
  SAMPLING_TIMEPOINTS,
} from '../materials/dto/create-donor.dto';
import { CreateFecalSampleDto } from '../materials/dto/create-fecal-sample.dto';
import { toMaterialDto } from '../materials/material.mapper';
import { PARENT_RULES, type MaterialKindName } from '../materials/material-kinds';
import { MaterialsService } from '../materials/materials.service';
import { SamplesService } from '../materials/samples.service';
import {
  booleanField,
  formProblems,
  numberField,
  pageForm,
  textField,
  type FormProblems,
} from './web-forms';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { WebViews } from './web-views.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One input of a registration form; `name` is the API's field (or the form's own `count`). */
interface FieldSpec {
  name: string;
  label: string;
  input: 'text' | 'number' | 'select' | 'yes-no' | 'textarea' | 'parent';
  required?: boolean;
  hint?: string;
  options?: readonly string[];
}

/** The kinds the UI registers, in the order offered, with their forms. */
const FORMS = {
  'cell-line': {
    title: 'Cell line or derived population',
    fields: [
      {
        name: 'parentId',
        label: 'Derived from',
        input: 'parent',
        hint: 'The line or revived cryo-stock it was selected from; none for a parental line.',
      },
      { name: 'name', label: 'Name', input: 'text', required: true },
      { name: 'passageNumber', label: 'Passage number', input: 'number', required: true },
      {
        name: 'species',
        label: 'Species',
        input: 'text',
        hint: 'Required for a parental line; a derived population takes its parent’s.',
      },
      { name: 'tissue', label: 'Tissue', input: 'text' },
      { name: 'source', label: 'Source', input: 'text', hint: 'e.g. ATCC CRL-1850' },
      { name: 'selectionAgent', label: 'Selection agent', input: 'text', hint: 'e.g. 6-TG' },
      { name: 'barcode', label: 'Barcode', input: 'text' },
      { name: 'location', label: 'Location', input: 'text' },
      { name: 'notes', label: 'Notes', input: 'textarea' },
    ],
  },
  'cryo-stock': {
    title: 'Cryo-stock of a cell population',
    fields: [
      { name: 'parentId', label: 'Population frozen', input: 'parent', required: true },
      { name: 'location', label: 'Location', input: 'text', required: true },
      { name: 'passageAtFreezing', label: 'Passage at freezing', input: 'number', required: true },
      { name: 'vialCount', label: 'Vials', input: 'number' },
      {
        name: 'frozenAt',
        label: 'Frozen at',
        input: 'text',
        hint: 'ISO 8601 with its time zone, e.g. 2026-12-06T09:30Z.',
      },
      { name: 'name', label: 'Name', input: 'text', hint: 'Default: from the population’s.' },
      { name: 'barcode', label: 'Barcode', input: 'text' },
      { name: 'notes', label: 'Notes', input: 'textarea' },
    ],
  },
  donor: {
    title: 'Donor',
    fields: [
      {
        name: 'code',
        label: 'Pseudonymous study code',
        input: 'text',
        required: true,
        hint: 'Never a name, date of birth or any other personal data: such values are refused.',
      },
      { name: 'condition', label: 'Condition', input: 'text', required: true },
      {
        name: 'responderStatus',
        label: 'Responder status',
        input: 'select',
        required: true,
        options: RESPONDER_STATUSES,
      },
      {
        name: 'samplingTimepoint',
        label: 'Sampling timepoint',
        input: 'select',
        required: true,
        options: SAMPLING_TIMEPOINTS,
      },
      { name: 'consentReference', label: 'Consent reference', input: 'text', required: true },
      { name: 'tpmtGenotype', label: 'TPMT genotype', input: 'text' },
      { name: 'nudt15Genotype', label: 'NUDT15 genotype', input: 'text' },
      { name: 'tgnPmolPer8e8Rbc', label: 'TGN (pmol/8×10⁸ RBC)', input: 'number' },
      { name: 'mmpPmolPer8e8Rbc', label: 'MMP (pmol/8×10⁸ RBC)', input: 'number' },
      { name: 'barcode', label: 'Barcode', input: 'text' },
      { name: 'notes', label: 'Notes', input: 'textarea' },
    ],
  },
  'fecal-sample': {
    title: 'Fecal sample',
    fields: [
      { name: 'parentId', label: 'Donor', input: 'parent', required: true },
      {
        name: 'collectedAt',
        label: 'Collected at',
        input: 'text',
        required: true,
        hint: 'ISO 8601 with its time zone, e.g. 2026-12-06T09:30Z.',
      },
      { name: 'location', label: 'Location', input: 'text', required: true },
      { name: 'name', label: 'Name', input: 'text', hint: 'Default: from the donor’s code.' },
      { name: 'frozen', label: 'Frozen', input: 'yes-no' },
      { name: 'massGrams', label: 'Mass (g)', input: 'number' },
      { name: 'barcode', label: 'Barcode', input: 'text' },
      { name: 'notes', label: 'Notes', input: 'textarea' },
    ],
  },
  'fecal-aliquot': {
    title: 'Aliquots of a fecal sample',
    fields: [
      { name: 'parentId', label: 'Fecal sample', input: 'parent', required: true },
      { name: 'count', label: 'Number of aliquots', input: 'number', required: true },
      { name: 'volumeMicrolitres', label: 'Volume each (µL)', input: 'number', required: true },
      { name: 'location', label: 'Location', input: 'text', hint: 'Default: the sample’s.' },
      { name: 'frozen', label: 'Frozen', input: 'yes-no' },
      { name: 'consumeParent', label: 'The sample is used up', input: 'yes-no' },
      { name: 'notes', label: 'Notes', input: 'textarea' },
    ],
  },
  'bacterial-culture': {
    title: 'Bacterial culture',
    fields: [
      {
        name: 'parentId',
        label: 'Inoculum source',
        input: 'parent',
        required: true,
        hint: 'A fecal sample or aliquot, or the culture subcultured.',
      },
      { name: 'name', label: 'Name', input: 'text', required: true },
      { name: 'medium', label: 'Medium', input: 'text', required: true },
      { name: 'atmosphere', label: 'Atmosphere', input: 'text', required: true },
      { name: 'treatment', label: 'Treatment', input: 'select', options: CULTURE_TREATMENTS },
      { name: 'chamberO2Ppm', label: 'Chamber O₂ (ppm)', input: 'number' },
      { name: 'temperatureCelsius', label: 'Temperature (°C)', input: 'number' },
      { name: 'inoculum', label: 'Inoculum', input: 'text' },
      {
        name: 'startedAt',
        label: 'Started at',
        input: 'text',
        hint: 'ISO 8601 with its time zone, e.g. 2026-12-06T09:30Z.',
      },
      { name: 'location', label: 'Location', input: 'text' },
      { name: 'barcode', label: 'Barcode', input: 'text' },
      { name: 'notes', label: 'Notes', input: 'textarea' },
    ],
  },
} satisfies Record<string, { title: string; fields: FieldSpec[] }>;
type FormKind = keyof typeof FORMS;
const isFormKind = (k: unknown): k is FormKind => typeof k === 'string' && k in FORMS;

/**
 * Registering materials from the UI, as the API's POST /materials/… routes do: a cell line or
 * a population derived from one, a donor (pseudonymous code; personal data refused before
 * anything else, as the API's interceptor does), a donor's fecal sample, and a sample's
 * aliquots. Each form is checked by the API's DTO and service. Registered before
 * WebMaterialsController so that `materials/new` is not read as a material id.
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui/materials')
export class WebMaterialCreateController {
  constructor(
    private readonly materials: MaterialsService,
    private readonly cellLines: CellLinesService,
    private readonly samples: SamplesService,
    private readonly views: WebViews,
  ) {}

  @Get('new')
  async newMaterial(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('kind') kind?: string,
    @Query('parentId') parentId?: string,
  ): Promise<void> {
    await this.render(req, res, 200, { kind, parentId });
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
        const kind = form.kind;
        if (!isFormKind(kind)) {
          throw new ValidationFailedError([
            { field: 'kind', code: 'IS_IN', message: 'choose what to register' },
          ]);
        }
        return this.register(req, kind, form);
      },
      (status, error) => {
        const problems = formProblems(error, (f) => fieldOf(form.kind, f));
        // Personal data is not echoed back, even to the person who typed it.
        const kept = { ...form };
        if (error.code === 'PERSONAL_DATA_NOT_ALLOWED') {
          for (const id of Object.keys(problems.fields)) delete kept[id];
        }
        return this.render(req, res, status, kept, problems);
      },
    );
  }

  private async register(req: WebRequest, kind: FormKind, form: Record<string, unknown>) {
    const actor = req.actor!;
    const plain = valuesOf(kind, form);
    switch (kind) {
      case 'cell-line': {
        const dto = await validatedAs(CreateCellLineDto, plain);
        return `/ui/materials/${(await this.cellLines.createCellLine(actor, dto)).id}?done=registered`;
      }
      case 'cryo-stock': {
        const dto = await validatedAs(CreateCryoStockDto, plain);
        return `/ui/materials/${(await this.cellLines.createCryoStock(actor, dto)).id}?done=registered`;
      }
      case 'bacterial-culture': {
        const dto = await validatedAs(CreateBacterialCultureDto, plain);
        const culture = await this.samples.createBacterialCulture(actor, dto);
        return `/ui/materials/${culture.id}?done=registered`;
      }
      case 'donor': {
        assertNoPersonalData(plain);
        const dto = await validatedAs(CreateDonorDto, plain);
        return `/ui/materials/${(await this.samples.createDonor(actor, dto)).id}?done=registered`;
      }
      case 'fecal-sample': {
        const dto = await validatedAs(CreateFecalSampleDto, plain);
        const sample = await this.samples.createFecalSample(actor, dto);
        return `/ui/materials/${sample.id}?done=registered`;
      }
      case 'fecal-aliquot': {
        const parentId = textField(form, 'parentId');
        const count = numberField(form, 'count');
        if (!parentId || !UUID.test(parentId)) {
          throw new ValidationFailedError([
            { field: 'parentId', code: 'IS_UUID', message: 'choose the sample to aliquot' },
          ]);
        }
        // Checked before the array is built, so that a huge count never builds one.
        if (
          typeof count !== 'number' ||
          !Number.isInteger(count) ||
          count < 1 ||
          count > MAX_ALIQUOTS_PER_SPLIT
        ) {
          throw new ValidationFailedError([
            {
              field: 'count',
              code: 'OUT_OF_RANGE',
              message: `give a whole number from 1 to ${MAX_ALIQUOTS_PER_SPLIT}`,
            },
          ]);
        }
        const { volumeMicrolitres, location, ...rest } = plain;
        const item =
          location === undefined ? { volumeMicrolitres } : { volumeMicrolitres, location };
        const dto = await validatedAs(CreateAliquotsDto, {
          ...rest,
          aliquots: Array.from({ length: count }, () => item),
        });
        await this.samples.createAliquots(actor, parentId, dto);
        return `/ui/materials/${parentId}?done=aliquoted`;
      }
    }
  }

  private async render(
    req: WebRequest,
    res: Response,
    status: number,
    form: Record<string, unknown>,
    problems?: FormProblems,
  ): Promise<void> {
    const kind = isFormKind(form.kind) ? form.kind : null;
    const spec = kind ? FORMS[kind] : null;
    let parents: ReturnType<typeof toMaterialDto>[] = [];
    if (kind) {
      const rule = PARENT_RULES[kind as MaterialKindName];
      for (const parentKind of rule.kinds) {
        const { items } = await this.materials.list({
          kind: parentKind,
          status: 'available',
          limit: 500,
          offset: 0,
        });
        parents = parents.concat(items.map(toMaterialDto));
      }
    }
    const kinds = Object.entries(FORMS).map(([k, f]) => ({ kind: k, title: f.title }));
    this.views.send(
      res,
      status,
      req,
      'material-new',
      { title: spec ? `Register: ${spec.title}` : 'Register a material', nav: 'materials' },
      { kind, spec, kinds, parents, form, problems },
    );
  }
}

/** The API's body of a kind's form: its fields only, numbers and yes/no as the DTO takes them. */
function valuesOf(kind: FormKind, form: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const f of FORMS[kind].fields as FieldSpec[]) {
    if (f.name === 'count' || (kind === 'fecal-aliquot' && f.name === 'parentId')) continue;
    const v =
      f.input === 'number'
        ? numberField(form, f.name)
        : f.input === 'yes-no'
          ? booleanField(form, f.name)
          : // A required text left blank is the DTO's "too short", not "missing".
            (textField(form, f.name) ?? (f.required && f.input === 'text' ? '' : undefined));
    if (v !== undefined) plain[f.name] = v;
  }
  return plain;
}

/** The input an API field belongs to: the field itself, or an aliquot's field. */
function fieldOf(kind: unknown, field: string): string | undefined {
  if (!isFormKind(kind)) return field === 'kind' ? 'kind' : undefined;
  const name = field.replace(/^aliquots(?:\.\d+|\[\d+\])\./, '');
  if (kind === 'fecal-aliquot' && name === 'id') return 'parentId';
  return (FORMS[kind].fields as FieldSpec[]).some((f) => f.name === name) ? name : undefined;
}
