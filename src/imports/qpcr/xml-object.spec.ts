// readXmlObject: the object shape RDML's reader relies on, the curves it skips, and refusals
// located by line, column and element; mutated RDML files never throw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { parseRdml } from './rdml.parser';
import { readXmlObject, type XmlObject } from './xml-object';

const none = { arrays: new Set<string>(), skip: new Set<string>() };

function read(xml: string, options = none): XmlObject {
  const r = readXmlObject(xml, options);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.document;
}

describe('readXmlObject', () => {
  it('gives attributes as @_name, bare elements as their trimmed text, text beside attributes as #text', () => {
    expect(
      read(
        '<?xml version="1.0"?>\n<r v=" 1.2 "><a> x </a><b id="B">t</b><c id="C"/><d/><e><f>1</f></e></r>',
      ),
    ).toEqual({
      r: {
        '@_v': '1.2',
        a: 'x',
        b: { '@_id': 'B', '#text': 't' },
        c: { '@_id': 'C' },
        d: '',
        e: { f: '1' },
      },
    });
  });

  it('makes a repeated element an array, and one named in `arrays` an array even when single', () => {
    const arrays = new Set(['r.one']);
    expect(read('<r><two>1</two><two>2</two><one>x</one></r>', { ...none, arrays })).toEqual({
      r: { two: ['1', '2'], one: ['x'] },
    });
  });

  it('drops namespace prefixes and xmlns declarations; decodes entities, character references and CDATA', () => {
    expect(
      read(
        '<x:r xmlns="urn:a" xmlns:x="urn:x" x:id="7"><x:a>&lt;1&amp;2&gt; &#x41;&#66;</x:a><b><![CDATA[ <raw> ]]></b></x:r>',
      ),
    ).toEqual({ r: { '@_id': '7', a: '<1&2> AB', b: '<raw>' } });
  });

  it('keeps nothing of a skipped element but that it was there, and still checks it is well formed', () => {
    const skip = new Set(['r.data.adp']);
    expect(
      read('<r><data><cq>1</cq><adp><cyc>1</cyc><fluor>2</fluor></adp></data></r>', {
        ...none,
        skip,
      }),
    ).toEqual({ r: { data: { cq: '1', adp: '' } } });
    const bad = readXmlObject('<r><data><adp><cyc>1</fluor></adp></data></r>', { ...none, skip });
    expect(bad).toMatchObject({ ok: false, problem: 'malformed', line: 1 });
  });

  it('refuses a document type declaration (no entity of the file is expanded)', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>';
    expect(readXmlObject(bomb, none)).toEqual({ ok: false, problem: 'doctype' });
  });

  it.each([
    ['<r>\n  <s id="1"><t>u</t>\n</r>', 3, '<s> opened on line 2 is not closed'],
    ['<r>\n<s>\n', 3, '<s> opened on line 2 is not closed'],
    ['<r>\n<s a=1/></r>', 2, 'unquoted attribute value (inside <r> opened on line 1)'],
    ['<r>\n<s a="1&b"/></r>', 2, 'is not closed'],
    ['<r><s>&nbsp;</s></r>', 1, 'undefined entity (inside <s> opened on line 1)'],
    ['<r/><r/>', 1, 'documents may contain only one root'],
    ['<r>\u0001</r>', 1, 'disallowed character'],
    ['', 1, 'document must contain a root element'],
  ])('a malformed text is refused at its line, naming the element: %j', (xml, line, says) => {
    const r = readXmlObject(xml, none);
    expect(r.ok).toBe(false);
    if (r.ok || r.problem !== 'malformed') throw new Error(JSON.stringify(r));
    expect(r.line).toBe(line);
    expect(r.column).toBeGreaterThan(0);
    expect(r.message).toContain(says);
  });

  it('elements named __proto__ or constructor set no prototype; constructor is an ordinary key', () => {
    const doc = read(
      '<r><__proto__><polluted>yes</polluted></__proto__><constructor>c</constructor></r>',
    );
    const r = doc.r as XmlObject;
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect((r as Record<string, unknown>).polluted).toBeUndefined();
    expect(r['#__proto__']).toEqual({ polluted: 'yes' });
    expect(r.constructor).toBe('c');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseRdml on mutated files', () => {
  const rdml = readFileSync(
    join(__dirname, '..', '..', '..', 'test', 'fixtures', 'qpcr', 'ok', 'rdml-1.1.xml'),
    'utf8',
  );
  const edit = fc.oneof(
    fc.record({
      at: fc.nat(),
      drop: fc.integer({ min: 0, max: 30 }),
      text: fc.constantFrom(
        '',
        '<',
        '>',
        '&',
        '"',
        '/',
        '</data>',
        '<react id="1">',
        '<__proto__/>',
        '<constructor>x</constructor>',
        '<!DOCTYPE r>',
        ']]>',
        '&amp;',
        '\u0000',
        '\ufffd',
      ),
    }),
  );

  it('never throw: they import, or are refused at a named place', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = rdml;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.text + text.slice(at + e.drop);
        }
        const r = parseRdml(Buffer.from(text));
        if (r.ok) return;
        expect(r.problems.length).toBeGreaterThan(0);
        for (const p of r.problems) {
          expect(p.where).toMatch(/^(file|XML line \d+, column \d+|reaction .* of run ".*")$/);
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});
