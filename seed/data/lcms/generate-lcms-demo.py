"""Writes the demo LC-MS/MS files of seed/data/lcms/ (synthetic, made for ThioLab's demo).

A four-donor anaerobic co-culture (two responders, two non-responders, one abiotic control:
medium + azathioprine 50 µM) sampled at 0, 2, 4, 8, 24 and 48 h in duplicate, quantified for
azathioprine, 6-MP and 6-TUA against a 9-level calibration (0.01–100 µM) with QCs at 0.03, 20
and 80 µM in triplicate spread through the run. Two injections of the same samples:
  batch-A: the QC-M and QC-H standards had degraded (two of three read ~25 % low at each level),
           so ICH M10 rejects the batch;
  batch-B: the re-injection with fresh QCs, which passes.
Each batch is a long CSV (sample, type, analyte, nominal, area, is_area, rt) as the generic
importer reads it, and a worklist CSV (the acquisition sequence) that the seed turns into the
batch's injection list. Blanks are double blanks (no IS). Peak areas are analyte/IS response × IS area with 3–4 % CV; IS areas
vary ±6 % around 2.1e5. Deterministic (fixed seed). Run from the repository root:
  python3 seed/data/lcms/generate-lcms-demo.py
"""
import math, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
ANALYTES = [  # name, response per µM (area ratio), retention time (min)
    ('azathioprine', 0.0123, 3.42),
    ('6-MP', 0.0187, 2.08),
    ('6-TUA', 0.0096, 1.61),
]
CAL = [0.01, 0.02, 0.05, 0.2, 1, 5, 20, 50, 100]
QCS = [('QC-L', 0.03), ('QC-M', 20), ('QC-H', 80)]
TIMES = [0, 2, 4, 8, 24, 48]
START = 50.0
# culture code, rate constant of azathioprine loss (1/h): the donors' and the abiotic control's.
CULTURES = [
    ('ABIO', 0.004),
    ('RA-D001', 0.021),
    ('RA-D003', 0.032),
    ('RA-D002', 0.088),
    ('RA-D004', 0.121),
]
MP_YIELD, TUA_YIELD = 0.55, 0.12


def concentrations(k, t):
    lost = START * (1 - math.exp(-k * t))
    return {'azathioprine': START * math.exp(-k * t), '6-MP': MP_YIELD * lost, '6-TUA': TUA_YIELD * lost}


def write_batch(tag, rng, degraded_qcs):
    rows = ['sample,type,analyte,nominal,area,is_area,rt']
    worklist = ['position,name,type,qc_level,nominal,sample_barcode']
    pos = 0

    def inject(name, kind, level='', nominal='', barcode='', conc=None, bias=0.0):
        nonlocal pos
        pos += 1
        worklist.append(f'{pos},{name},{kind},{level},{nominal},{barcode}')
        is_area = round(210000 * (1 + rng.gauss(0, 0.06)))
        for analyte, per_um, rt in ANALYTES:
            c = conc[analyte] if conc else None
            if c is None:
                # Double blank (no IS): no peak, or after the top calibrator a trace of carry-over
                # at ~5 % of the LLOQ's area.
                area = f'{per_um * CAL[0] * 210000 * 0.05:.1f}' if name.endswith('ULOQ') else ''
            else:
                ratio = per_um * c * (1 + bias) * (1 + rng.gauss(0, 0.03 if kind != 'unknown' else 0.04))
                area = f'{max(ratio, per_um * 0.002) * is_area:.1f}'
            nom = f'{nominal:g}' if nominal != '' else ''
            is_text = '' if kind == 'blank' else str(is_area)
            rows.append(f'{name},{kind},{analyte},{nom},{area},{is_text},{rt + rng.gauss(0, 0.01):.2f}')

    inject('BLANK-1', 'blank')
    for i, lv in enumerate(CAL):
        inject(f'CAL{i + 1}', 'calibrator', nominal=lv, conc={a: lv for a, _, _ in ANALYTES})
    inject('BLANK-AFTER-ULOQ', 'blank')
    samples = [(code, t, r) for code, _ in CULTURES for t in TIMES for r in (1, 2)]
    chunks = [samples[:30], samples[30:]]
    for rep in (1, 2, 3):
        for level, nominal in QCS:
            bias = -0.25 if level in degraded_qcs and rep <= 2 else 0.0
            inject(f'{level}-{rep}', 'qc', level=level, nominal=nominal,
                   conc={a: nominal for a, _, _ in ANALYTES}, bias=bias)
        if rep <= 2:
            for code, t, r in chunks[rep - 1]:
                k = dict(CULTURES)[code]
                barcode = f'DEMO-CC4-{code}-{t}H-{r}'
                inject(barcode, 'unknown', barcode=barcode, conc=concentrations(k, t))
    for name, lines in ((f'{tag}.csv', rows), (f'{tag}-worklist.csv', worklist)):
        with open(os.path.join(HERE, name), 'w', encoding='utf-8', newline='') as f:
            f.write('\n'.join(lines) + '\n')


write_batch('batch-A-rejected', random.Random(20250203), {'QC-M', 'QC-H'})
write_batch('batch-B-accepted', random.Random(20250204), set())
