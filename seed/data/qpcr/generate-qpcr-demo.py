"""Writes seed/data/qpcr/DEMO-QPCR-0001_results.txt (synthetic, made for ThioLab's demo).

An Applied Biosystems QuantStudio 7 Flex text export (File > Export, Sample Setup and Results,
tab-delimited, 384-well block, SYBR Green) of the efflux-transporter panel in HIG-82 (parental,
the calibrator) and its 6-TG-resistant population HIG-82 6-TG-R2: three biological replicates
of each line (RNA from three passages), each gene in technical triplicate, a 5-point 5-fold
standard curve of pooled cDNA per gene in duplicate, and two no-template controls per gene.

Genes: references GAPDH, ACTB, B2M; targets ABCC1 (MRP1), ABCG2 (BCRP), ABCC4 (MRP4), ABCC5
(MRP5). The Cq values are drawn from a model, not measured: Cq = intercept + slope * log10(input)
with each gene's efficiency (slope = -1/log10(1 + E)), a per-replicate input offset shared by
all genes of a biological sample (pipetting of cDNA), biological variation of each target in each
sample (SD 0.15 cycles) and technical noise (SD 0.07 cycles). The resistant line overexpresses
ABCC4 (x5.5) and ABCC5 (x2.6), ABCC1 a little (x1.8), ABCG2 not (x1.1). Quirks of a real run:
one technical replicate of ABCG2 in HIG-82 B2 sits 0.7 cycles late (replicate SD above 0.3), one
B2M no-template control shows a late primer-dimer at Cq 37.9 (above 35: no contamination), the
other no-template controls are Undetermined. Deterministic (fixed seed). Run from the repository
root:  python3 seed/data/qpcr/generate-qpcr-demo.py
"""
import math, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'DEMO-QPCR-0001_results.txt')

# gene, efficiency %, parental Cq of 1 ng RNA-equivalent cDNA, fold of the resistant line
GENES = [
    ('GAPDH', 98.6, 17.9, 1.0),
    ('ACTB', 101.3, 18.7, 1.0),
    ('B2M', 96.9, 20.2, 1.0),
    ('ABCC1', 94.2, 24.8, 1.8),
    ('ABCG2', 99.1, 28.6, 1.1),
    ('ABCC4', 92.8, 26.1, 5.5),
    ('ABCC5', 103.2, 25.4, 2.6),
]
REFERENCES = {'GAPDH', 'ACTB', 'B2M'}
SAMPLES = [('HIG-82 B1', 'P'), ('HIG-82 B2', 'P'), ('HIG-82 B3', 'P'),
           ('6-TG-R2 B1', 'R'), ('6-TG-R2 B2', 'R'), ('6-TG-R2 B3', 'R')]
INPUT_NG = 1.0  # cDNA per unknown reaction (ng RNA-equivalent)
STANDARDS = [50.0, 10.0, 2.0, 0.4, 0.08]  # ng RNA-equivalent, 5-fold
ROWS = 'ABCDEFGHIJKLMNOP'


def cq_of(gene, ng, rng, extra=0.0):
    _, eff, cq1, _ = gene
    slope = -1.0 / math.log10(1 + eff / 100.0)
    return cq1 + slope * math.log10(ng) + extra + rng.gauss(0, 0.07)


def quantity_text(q):
    return f'{q:,.3f}'


def main():
    rng = random.Random(20250407)
    wells = []  # (position, sample, target, task, quantity, cq or None)
    # Unknowns: a row per sample pair, genes across columns in triplicate (21 wells a row).
    offsets = {name: rng.gauss(0, 0.12) for name, _ in SAMPLES}
    for s, (name, line) in enumerate(SAMPLES):
        row = ROWS[s]
        bio = {g[0]: (rng.gauss(0, 0.15) if g[0] not in REFERENCES else 0.0) for g in GENES}
        for k, gene in enumerate(GENES):
            fold = gene[3] if line == 'R' else 1.0
            amp = 1 + gene[1] / 100.0
            for t in range(3):
                extra = offsets[name] + bio[gene[0]] - math.log(fold) / math.log(amp)
                if name == 'HIG-82 B2' and gene[0] == 'ABCG2' and t == 2:
                    extra += 0.7
                wells.append((f'{row}{k * 3 + t + 1}', name, gene[0], 'UNKNOWN', None,
                              cq_of(gene, INPUT_NG, rng, extra)))
    # Standard curves: rows I-O by gene, 5 points in duplicate (columns 1-10), NTCs in 11-12.
    for k, gene in enumerate(GENES):
        row = ROWS[8 + k]
        for p, ng in enumerate(STANDARDS):
            for d in range(2):
                wells.append((f'{row}{p * 2 + d + 1}', f'Std {p + 1}', gene[0], 'STANDARD', ng,
                              cq_of(gene, ng, rng)))
        for n in range(2):
            cq = 37.9 + rng.gauss(0, 0.05) if gene[0] == 'B2M' and n == 1 else None
            wells.append((f'{row}{11 + n}', 'NTC', gene[0], 'NTC', None, cq))

    def index(pos):
        return ROWS.index(pos[0]) * 24 + int(pos[1:])

    wells.sort(key=lambda w: index(w[0]))
    groups = {}
    for w in wells:
        if w[5] is not None:
            groups.setdefault((w[1], w[2]), []).append(round(w[5], 3))

    def mean_sd(key):
        v = groups.get(key, [])
        if not v:
            return '', ''
        m = sum(v) / len(v)
        sd = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1)) if len(v) > 1 else None
        return f'{m:.3f}', '' if sd is None else f'{sd:.3f}'

    lines = [
        '* Block Type = 384-Well Block',
        '* Calibration Background is expired  = No',
        '* Calibration Background performed on  = 2025-03-03 09:12:40 AM CET',
        '* Chemistry = SYBR_GREEN',
        '* Experiment Barcode = DEMO-QPCR-0001',
        '* Experiment Comments = Efflux panel, HIG-82 vs 6-TG-R2, 3 biological replicates',
        r'* Experiment File Name = D:\Data\qPCR\2025\DEMO-QPCR-0001.eds',
        '* Experiment Name = DEMO-QPCR-0001 efflux panel',
        '* Experiment Run End Time = 2025-04-07 03:41:18 PM CEST',
        '* Experiment Type = Standard Curve',
        '* Experiment User Name = demo.scientist',
        '* Instrument Name = QS7-LAB2',
        '* Instrument Serial Number = 278871234',
        '* Instrument Type = QuantStudio(TM) 7 Flex System',
        '* Passive Reference = ROX',
        '* Quantification Cycle Method = Ct',
        '* Signal Smoothing On = true',
        '* Stage/ Cycle where Analysis is performed = Stage 2, Step 2',
        '',
        '[Sample Setup]',
        '\t'.join(['Well', 'Well Position', 'Sample Name', 'Sample Color', 'Biogroup Name',
                   'Biogroup Color', 'Target Name', 'Target Color', 'Task', 'Reporter',
                   'Quencher', 'Quantity', 'Comments']),
    ]
    for pos, sample, target, task, q, _ in wells:
        lines.append('\t'.join([str(index(pos)), pos, sample, '"RGB(176,23,31)"', '', '',
                                target, '"RGB(0,139,69)"', task, 'SYBR', 'None',
                                quantity_text(q) if q is not None else '', '']))
    lines += ['', '[Results]', '\t'.join([
        'Well', 'Well Position', 'Omit', 'Sample Name', 'Target Name', 'Task', 'Reporter',
        'Quencher', 'CT', 'Ct Mean', 'Ct SD', 'Quantity', 'Quantity Mean', 'Quantity SD',
        'Automatic Ct Threshold', 'Ct Threshold', 'Automatic Baseline', 'Baseline Start',
        'Baseline End', 'Tm1', 'Comments'])]
    tm = {'GAPDH': 83.4, 'ACTB': 85.1, 'B2M': 80.6, 'ABCC1': 84.2, 'ABCG2': 79.8, 'ABCC4': 81.9,
          'ABCC5': 82.7}
    for pos, sample, target, task, q, cq in wells:
        mean, sd = mean_sd((sample, target))
        ct = 'Undetermined' if cq is None else f'{cq:.3f}'
        melt = '' if cq is None else f'{tm[target] - (4.3 if task == "NTC" else 0) :.3f}'
        lines.append('\t'.join([
            str(index(pos)), pos, 'false', sample, target, task, 'SYBR', 'None', ct, mean, sd,
            quantity_text(q) if q is not None else '', '', '', 'true', '0.218', 'true', '3',
            '15' if cq is None else str(max(3, int(cq) - 4)), melt, '']))
    with open(OUT, 'w', newline='') as f:
        f.write('\r\n'.join(lines) + '\r\n')
    print(f'wrote {OUT}: {len(wells)} wells')


if __name__ == '__main__':
    main()
