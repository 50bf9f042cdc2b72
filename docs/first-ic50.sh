#!/usr/bin/env bash
# Your first IC50 in ten minutes, against a running server with a fresh database (npm run
# db:reset -- --yes; npm start). Needs curl and node. Run it from the repository:
#   ADMIN_KEY=tlk_… bash docs/first-ic50.sh        (THIOLAB_URL defaults to http://localhost:3000)
set -euo pipefail
cd "$(dirname "$0")/.."
API="${THIOLAB_URL:-http://localhost:3000}/api/v1"
ADMIN_KEY="${ADMIN_KEY:?set ADMIN_KEY to the bootstrap key that the first start printed}"

# call KEY METHOD PATH [curl options]: one request; an HTTP error stops here with its problem+json.
call() {
  local key=$1 method=$2 path=$3
  shift 3
  curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $key" "$@" "$API$path"
}
# post KEY PATH JSON: a JSON body.
post() { call "$1" POST "$2" -H 'Content-Type: application/json' --data-binary "$3"; }
# field PATH: one field of the JSON on stdin (a.b.0.c), printed as text (node, so no jq needed).
# Lists answer {items, total, limit, offset}: items.0.id is the first item's id.
field() {
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    let v = JSON.parse(s);
    for (const k of process.argv[1].split(".")) v = v[k];
    console.log(typeof v === "object" ? JSON.stringify(v) : v);
  })' "$1"
}

# 1. A scientist and a lab manager, each with an API key (only an admin creates users).
SCI=$(post "$ADMIN_KEY" /users '{"username":"sam","displayName":"Sam Scientist","roles":["scientist"]}' | field id)
SCI_KEY=$(post "$ADMIN_KEY" /api-keys "{\"name\":\"sam\",\"userId\":\"$SCI\"}" | field key)
MGR=$(post "$ADMIN_KEY" /users '{"username":"mona","displayName":"Mona Manager","roles":["manager"]}' | field id)
MGR_KEY=$(post "$ADMIN_KEY" /api-keys "{\"name\":\"mona\",\"userId\":\"$MGR\"}" | field key)
echo "scientist sam and manager mona have their keys"

# 2. The parental cell line and the 6-TG-resistant line derived from it (the scientist).
PARENTAL=$(post "$SCI_KEY" /materials/cell-lines \
  '{"name":"HIG-82","barcode":"CL-0001","species":"Oryctolagus cuniculus","passageNumber":4}' | field id)
RESISTANT=$(post "$SCI_KEY" /materials/cell-lines \
  "{\"name\":\"HIG-82 6-TG-R\",\"barcode\":\"CL-0002\",\"parentId\":\"$PARENTAL\",\"passageNumber\":12,\"selectionAgent\":\"6-thioguanine\"}" | field id)

# 3. A layout from the CSV plate map: blanks, vehicle, a 2-fold 6-TG series 200 → 0.78 µM;
#    the map's line names "parental" and "resistant" point at the two materials.
LAYOUT_BODY=$(node -e 'console.log(JSON.stringify({
  name: "MTT 6-TG 200-0.78 uM, parental A-C, resistant D-F",
  referenceWavelengthNm: 650,
  csv: require("fs").readFileSync("seed/data/mtt/plate-map.csv", "utf8"),
  materials: { parental: process.argv[1], resistant: process.argv[2] },
}))' "$PARENTAL" "$RESISTANT")
LAYOUT=$(post "$SCI_KEY" /plate-layouts/import "$LAYOUT_BODY" | field id)

# 4. A plate on that layout, with the barcode the reader export carries.
PLATE=$(post "$SCI_KEY" /plates "{\"layoutId\":\"$LAYOUT\",\"barcode\":\"DEMO-MTT-0001\"}" | field id)

# 5. Upload the reader's export (BioTek Gen5 text, 570 and 650 nm): stored, checked and fitted at once.
call "$SCI_KEY" POST "/plates/$PLATE/readings?filename=DEMO-MTT-0001_mtt.txt" \
  -H 'Content-Type: text/plain' --data-binary @seed/data/mtt/250324_141502_DEMO-MTT-0001_mtt.txt \
  | field analysis.status

# 6. The IC50 of each line with its 95 % CI (LL.4 fit, log-scale t interval).
FITS=$(call "$SCI_KEY" GET "/plates/$PLATE/fits")
for i in 0 1; do
  MATERIAL=$(field "items.$i.materialId" <<<"$FITS")
  LINE=$([ "$MATERIAL" = "$PARENTAL" ] && echo parental || echo resistant)
  echo "IC50 $LINE: $(field "items.$i.ic50.display" <<<"$FITS")"
  [ "$LINE" = resistant ] && RESISTANT_FIT=$(field "items.$i.id" <<<"$FITS")
done

# 7. The manager checks the plate's QC (Z′ and the rest) and saves the resistant line's plot.
echo "plate QC passes: $(call "$MGR_KEY" GET "/plates/$PLATE/qc" | field items.0.passes)"
PLOT="${PLOT:-resistant-ic50.svg}"
call "$MGR_KEY" GET "/fits/$RESISTANT_FIT/plot.svg" -o "$PLOT"
echo "plot saved: $PLOT"

# 8. Fold-resistance: IC50(resistant) / IC50(parental) with its CI.
FR=$(call "$SCI_KEY" GET "/fold-resistance?resistantMaterialId=$RESISTANT&parentalMaterialId=$PARENTAL")
echo "fold-resistance: $(field display <<<"$FR")"
