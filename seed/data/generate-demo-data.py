"""Writes the demo plate files of seed/data/ from ThioLab's SYNTHETIC shared fixtures.

Sources (synthetic, made for ThioLab; no public dataset is copied):
  ../shared/fixtures/mtt/parental-vs-resistant/    grid_570nm.csv, grid_650nm.csv, plate_map.csv
  ../shared/fixtures/efflux/mk571-reversal/        plate1_resistant_*, plate2_parental_*
The absorbances are copied unchanged, so the demo fits reproduce the fixtures' expected.json.
Only the barcodes, read times and export shapes are the demo's own (the shapes are those the
importer reads, see test/fixtures/plate-readers/README.md). Run from the repository root:
  python3 seed/data/generate-demo-data.py
"""
import os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get(
    'THIOLAB_SHARED_FIXTURES', os.path.join(HERE, '..', '..', '..', 'shared', 'fixtures'))
MTT = os.path.join(SHARED, 'mtt', 'parental-vs-resistant')
EFX = os.path.join(SHARED, 'efflux', 'mk571-reversal')
ROWS = 'ABCDEFGH'


def read_grid(path):
    rows = []
    for line in open(path, encoding='utf-8').read().splitlines():
        c = line.split(',')
        if len(c) == 13 and len(c[0]) == 1 and c[0] in ROWS:
            rows.append(c[1:])
    assert len(rows) == 8, path
    return rows


def write(rel, lines, nl='\n'):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(nl.join(lines) + nl)


def copy(src, rel):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shutil.copyfile(src, path)


# -- MTT, parental vs resistant: a Gen5 3.12 export (Results matrix, 570 and 650 nm per row);
#    Gen5 names the file yyMMdd_HHmmss_<barcode>_<protocol>.txt, the barcode the import reads.
g570, g650 = read_grid(f'{MTT}/grid_570nm.csv'), read_grid(f'{MTT}/grid_650nm.csv')
gen5 = ['', '', 'Software Version\t3.12.08', '', '', '',
        'Experiment File Path:\tC:\\Users\\Public\\Documents\\Experiments\\DEMO-MTT-0001.xpt',
        'Protocol File Path:\tC:\\Users\\Public\\Documents\\Protocols\\MTT 570-650.prt', '', '', '',
        'Plate Number\tPlate 1', 'Date\t3/24/2025', 'Time\t2:15:02 PM',
        'Reader Type:\tSynergy H1', 'Reader Serial Number:\t21051234', 'Reading Type\tReader', '',
        'Procedure Details', '', 'Plate Type\t96 WELL PLATE (Use plate lid)',
        'Eject plate on completion\t', 'Read\tMTT', '\tAbsorbance Endpoint', '\tFull Plate',
        '\tWavelengths:  570, 650',
        '\tRead Speed: Normal,  Delay: 100 msec,  Measurements/Data Point: 8',
        '', '', '', 'Actual Temperature:\t25.0', '', '', '', 'Actual Temperature:\t25.1',
        '', 'Results', '\t' + '\t'.join(str(i + 1) for i in range(12))]
for r in range(8):
    gen5.append(ROWS[r] + '\t' + '\t'.join(g570[r]) + '\tMTT:570')
    gen5.append('\t' + '\t'.join(g650[r]) + '\tMTT:650')
write('mtt/250324_141502_DEMO-MTT-0001_mtt.txt', gen5, '\r\n')
copy(f'{MTT}/plate_map.csv', 'mtt/plate-map.csv')

# -- Efflux, MK571 reversal, plate 1 (resistant): a SoftMax Pro plate-format export, 570 and
#    650 nm side by side; the Plate: block is named after the barcode.
r570 = read_grid(f'{EFX}/plate1_resistant_grid_570nm.csv')
r650 = read_grid(f'{EFX}/plate1_resistant_grid_650nm.csv')
name = 'DEMO-EFX-0001'
sm = ['##BLOCKS= 2', 'Note:', 'MK571 reversal, resistant line: 570 nm signal, 650 nm reference.',
      '~End',
      f'Plate:\t{name}\t1.3\tPlateFormat\tEndpoint\tAbsorbance\tRaw\tFALSE\t1\t\t\t\t\t\t2\t570 650 \t1\t12\t96\t1\t8\t\t',
      '\tTemperature(\u00a1C)\t' + '\t\t'.join('\t'.join(str(i + 1) for i in range(12))
                                          for _ in range(2)) + '\t\t']
for r in range(8):
    cells = ['', '24.9' if r == 0 else ''] + r570[r] + [''] + r650[r] + ['']
    sm.append('\t'.join(cells) + '\t')
sm += ['', '~End', f'Original Filename: {name}; Date Last Saved: 3/12/2025 10:41:37 AM']
write('efflux/DEMO-EFX-0001_softmax.txt', sm, '\r\n')
copy(f'{EFX}/plate1_resistant_plate_map.csv', 'efflux/resistant-plate-map.csv')

# -- Efflux, plate 2 (parental): a long export (one row per well and wavelength) with a
#    barcode and read-date header.
p570 = read_grid(f'{EFX}/plate2_parental_grid_570nm.csv')
p650 = read_grid(f'{EFX}/plate2_parental_grid_650nm.csv')
long = ['Barcode,DEMO-EFX-0002', 'Read date,2025-03-12 10:52:18', '', 'Well,Value,Wavelength']
for nm, g in ((570, p570), (650, p650)):
    for r in range(8):
        for c in range(12):
            long.append(f'{ROWS[r]}{c + 1},{g[r][c]},{nm}')
write('efflux/DEMO-EFX-0002_long.csv', long)
copy(f'{EFX}/plate2_parental_plate_map.csv', 'efflux/parental-plate-map.csv')
