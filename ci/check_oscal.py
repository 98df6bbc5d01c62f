#!/usr/bin/env python3
"""Checks x1060's OSCAL documents with a consumer that is not ours.

compliance-trestle (pip: compliance-trestle) carries NIST's OSCAL 1.1.2 models
as pydantic classes. This script loads the catalog (`x1060 catalogue --format
oscal`) with trestle.oscal.catalog.Catalog and each assessment-results
document (`x1060 export FILE --format oscal`) with
trestle.oscal.assessment_results.AssessmentResults, then checks, on the loaded
objects, that every warning and error `x1060 check` reports for the workbook
is a finding whose target is the finding's service (the portfolio for a
finding with no service), not satisfied, with the rule ID and the cell.

usage: check_oscal.py X1060 CATALOG.json [WORKBOOK.xlsx RESULTS.json LANG]...
(LANG: the --lang the results were written in; the messages are compared in it)
"""
import json
import pathlib
import subprocess
import sys

from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog

PORTFOLIO_TARGET = "x1060-portfolio"


def fail(msg):
    print(f"check_oscal: {msg}", file=sys.stderr)
    sys.exit(1)


def prop(item, name):
    for p in item.props or []:
        if plain(p.name) == name:
            return plain(p.value)
    return None


def plain(v):
    """The string of a value trestle may hold as an enum member."""
    return getattr(v, "value", v)


def check_catalog(path):
    cat = Catalog.oscal_read(pathlib.Path(path))
    if cat is None:
        fail(f"{path}: trestle read nothing")
    groups = cat.groups or []
    ids = [c.id for g in groups for c in (g.controls or [])]
    if [g.id for g in groups] != list("ABCDEFGHI"):
        fail(f"{path}: groups are {[g.id for g in groups]}, not A-I")
    if len(ids) != 64 or len(set(ids)) != 64 or ids[0] != "A-1" or ids[-1] != "I-7":
        fail(f"{path}: {len(ids)} controls ({ids[:3]} ... {ids[-3:]}), expected the 64 services A-1 ... I-7")
    print(f"trestle loads {path}: catalog of {len(groups)} groups, {len(ids)} controls")


def check_results(x1060, workbook, path, lang):
    """One result per portfolio of the workbook (a workbook of several
    overlapping portfolio sheets gives one each, in sheet order); each
    result holds every warning and error `x1060 check` gives that portfolio."""
    ar = AssessmentResults.oscal_read(pathlib.Path(path))
    if ar is None:
        fail(f"{path}: trestle read nothing")
    run = subprocess.run(
        [x1060, "check", workbook, "--format", "json", "--lang", lang],
        capture_output=True, text=True,
    )
    if run.returncode > 1:
        fail(f"x1060 check {workbook}: {run.stderr.strip()}")
    portfolios = json.loads(run.stdout)["files"]
    if len(ar.results) != len(portfolios):
        fail(f"{path}: {len(ar.results)} results, expected {len(portfolios)} (one per portfolio)")
    looked_for = 0
    for result, checked in zip(ar.results, portfolios):
        looked_for += check_result(result, checked, workbook, path)
    if not looked_for:
        fail(f"{workbook}: no warning or error to look for; the check would prove nothing")


def check_result(result, checked, workbook, path):
    findings = result.findings or []
    expected = checked["findings"]
    serious = [f for f in expected if f["severity"] in ("error", "warning")]
    sheet = checked.get("sheet")
    if sheet and f"'{sheet}'" not in result.description and f"「{sheet}」" not in result.description:
        fail(f"{path}: the result for sheet {sheet} does not name it: {result.description}")
    for want in serious:
        target = want.get("service") or PORTFOLIO_TARGET
        cell = f"{want['sheet']}!{want['cell']}" if want.get("sheet") and want.get("cell") else None
        hits = [
            f for f in findings
            if prop(f, "rule-id") == want["rule"]
            and plain(f.target.target_id) == target
            and plain(f.target.status.state) == "not-satisfied"
            and f.description == want["message"]
            and (cell is None or prop(f, "cell") == cell)
        ]
        if not hits:
            fail(f"{path}: no finding for {want['rule']} on {target} ({cell or 'no cell'})")
        # A finding on a row (it has a cell) points at that service's observation.
        if cell is not None and want.get("service") and not hits[0].related_observations:
            fail(f"{path}: the {want['rule']} finding on {target} names no observation")
    observations = result.observations or []
    print(
        f"trestle loads {path} ({checked['path']}): {len(observations)} observations, "
        f"{len(findings)} findings; all {len(serious)} warnings and errors target their service"
    )
    return len(serious)


def main(argv):
    if len(argv) < 3 or (len(argv) - 3) % 3 != 0:
        fail("usage: check_oscal.py X1060 CATALOG.json [WORKBOOK.xlsx RESULTS.json LANG]...")
    x1060, catalog = argv[1], argv[2]
    check_catalog(catalog)
    pairs = argv[3:]
    for workbook, results, lang in zip(pairs[::3], pairs[1::3], pairs[2::3]):
        check_results(x1060, workbook, results, lang)


if __name__ == "__main__":
    main(sys.argv)
