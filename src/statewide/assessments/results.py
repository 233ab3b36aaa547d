"""Turn quiz answers into a result: the state's profile and the explained recommendations.

The result is computed once, at submission, and stored with the answers, so a shared link keeps
showing what the person saw even if the framework's wording is edited later.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from statewide.assessments.models import Instrument
from statewide.assessments.scoring import NOT_STARTED, UNKNOWN, Condition, Placement, Rules, StatePolicies, can_recommend, reasons_for, recommend
from statewide.frameworks.models import Descriptor, DescriptorKind, Item
from statewide.policies.peers import ConditionPolicies, condition_policies, record_brief


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def condition_url(framework: str, code: str) -> str:
    return f"/frameworks/{framework}/items/{code}/"


def _tracker(facts: ConditionPolicies, code: str) -> dict[str, Any]:
    """The state's policies serving a recommended condition and up to three peer states with theirs."""
    return {
        "state_policies": [record_brief(r) for r in facts.serving.get(code, [])],
        "peers": [{"usps": usps, "name": name, "records": [record_brief(r) for r in recs]} for usps, name, recs in facts.peers(code)],
    }


def compute_result(instrument: Instrument, answers: dict[str, str], priorities: list[str], jurisdiction: str | None = None) -> dict[str, Any]:
    """`answers` maps question id → choice id (already validated); `priorities` are condition codes;
    `jurisdiction` (a USPS code) brings in the tracker's records of that state and of peer states.

    Stored in English whatever the respondent's language; `localize_result` renders other languages."""
    with translation.override("en"):
        return _compute_result(instrument, answers, priorities, jurisdiction)


def _compute_result(instrument: Instrument, answers: dict[str, str], priorities: list[str], jurisdiction: str | None) -> dict[str, Any]:
    data = instrument.data
    framework = instrument.framework
    codes = [q["condition"] for q in data["questions"]]
    items = {i.code: i for i in Item.objects.filter(framework=framework, code__in=codes)}
    levels = list(framework.levels.order_by("position"))
    phases = [lv.code for lv in levels]
    phase_names = {lv.code: lv.name for lv in levels}
    choices = {c["id"]: c for c in data["choices"]}
    placements = []
    for q in data["questions"]:
        item = items[q["condition"]]
        condition = Condition(code=item.code, name=item.name, position=item.position, foundational=item.is_foundational)
        choice = choices.get(answers.get(q["id"], ""))
        if choice is None or choice.get("dont_know"):
            placements.append(Placement(condition, UNKNOWN))
        else:
            placements.append(Placement(condition, choice["phase"] or NOT_STARTED, choice["text"]))
    priority_set = set(priorities)
    facts = condition_policies(jurisdiction, codes) if jurisdiction else None
    state = StatePolicies(name=facts.name, tracked=facts.tracked, serving={c: tuple(r.title for r in rs) for c, rs in facts.serving.items()}) if facts else None
    rules = Rules.from_data(data["scoring"])
    recs = recommend(placements, priorities=priority_set, rules=rules, phases=phases, phase_names=phase_names, state=state)

    wanted = {(r.condition.code, r.next_phase) for r in recs if r.next_phase}
    texts: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    confirmed: dict[tuple[str, str], bool] = defaultdict(lambda: True)
    if wanted:
        descriptors = Descriptor.objects.filter(item__framework=framework, item__code__in={c for c, _p in wanted}, level__code__in={p for _c, p in wanted})
        for d in descriptors.select_related("item", "level").order_by("position"):
            key = (d.item.code, d.level.code)
            if key in wanted:
                texts[key][d.kind].append(d.text)
                confirmed[key] = confirmed[key] and d.confirmed

    answer_of = {q["condition"]: answers.get(q["id"]) for q in data["questions"]}
    return {
        "instrument": {"id": instrument.slug, "version": instrument.version, "title": instrument.title},
        "framework": framework.slug,
        "phases": [{"id": lv.code, "name": lv.name} for lv in levels],
        "conditions": [
            {
                "condition": p.condition.code,
                "name": p.condition.name,
                "phase": p.phase,
                "status": p.status,
                "answer": answer_of[p.condition.code],
                "answer_text": p.choice_text,
                "foundational": p.condition.foundational,
                "priority": p.condition.code in priority_set,
            }
            for p in placements
        ],
        "recommendations": [
            {
                "rank": rank,
                "condition": r.condition.code,
                "name": r.condition.name,
                "status": r.status,
                "score": r.score,
                "sustain": r.sustain,
                "next_phase": r.next_phase,
                "next_phase_name": phase_names.get(r.next_phase or "", ""),
                "reasons": r.reasons,
                "goal": _first(texts[(r.condition.code, r.next_phase)][DescriptorKind.GOAL]) if r.next_phase else None,
                "actions": texts[(r.condition.code, r.next_phase)][DescriptorKind.ACTION] if r.next_phase else [],
                "strategic_questions": texts[(r.condition.code, r.next_phase)][DescriptorKind.STRATEGIC_QUESTION] if r.next_phase else [],
                "descriptors_confirmed": confirmed[(r.condition.code, r.next_phase)] if r.next_phase else True,
                "url": condition_url(framework.slug, r.condition.code),
                **(_tracker(facts, r.condition.code) if facts else {}),
            }
            for rank, r in enumerate(recs, start=1)
        ],
        "can_recommend": can_recommend(placements),
        "state": {"usps": facts.usps, "name": facts.name, "tracked": facts.tracked} if facts else None,
        "all_at_top": bool(placements) and all(p.phase == phases[-1] for p in placements),
        "answered": sum(1 for p in placements if p.status != UNKNOWN),
        "questions": len(placements),
        "note": _("Statewide's own quiz, written from the framework's phase descriptions; not the publisher's quiz."),
    }


def localize_result(data: dict[str, Any]) -> dict[str, Any]:
    """A stored result in the active language: texts looked up by stable ids, reasons rebuilt.

    The stored result stays in English (what was computed); for another language the names,
    phases, answers, descriptors and reasons are re-rendered from their ids. English: unchanged."""
    from statewide.assessments.instruments import DIRECTORY  # noqa: PLC0415
    from statewide.core.datatext import data_texts  # noqa: PLC0415
    from statewide.frameworks.translations import descriptor_key, pack_texts  # noqa: PLC0415

    pack = pack_texts(data["framework"])
    quiz = data_texts(DIRECTORY, f"{data['instrument']['id']}-v{data['instrument']['version']}")
    if not pack and not quiz:
        return data
    out = copy.deepcopy(data)
    out["instrument"]["title"] = quiz.get("title") or data["instrument"]["title"]
    phase_names = {p["id"]: pack.get(f"levels.{p['id']}.name") or p["name"] for p in data["phases"]}
    for p in out["phases"]:
        p["name"] = phase_names[p["id"]]
    conditions = {}
    for c in out["conditions"]:
        c["name"] = pack.get(f"items.{c['condition']}.name") or c["name"]
        if c.get("answer"):
            c["answer_text"] = quiz.get(f"choices.{c['answer']}") or c["answer_text"]
        conditions[c["condition"]] = c
    priorities = {c["condition"] for c in out["conditions"] if c["priority"]}
    instrument = Instrument.objects.filter(slug=data["instrument"]["id"], version=data["instrument"]["version"]).first()
    if instrument is None:  # a result outlives nothing it was computed from; keep it as stored
        return data
    rules = Rules.from_data(instrument.data["scoring"])
    stored_state = data.get("state")

    def state_of(rec: dict[str, Any]) -> StatePolicies | None:
        """The state's policies as they were when the result was computed (titles are not translated)."""
        if not stored_state:
            return None
        titles = tuple(r["title"] for r in rec.get("state_policies", []))
        return StatePolicies(name=stored_state["name"], tracked=stored_state["tracked"], serving={rec["condition"]: titles} if titles else {})

    for rec in out["recommendations"]:
        c = conditions.get(rec["condition"])
        rec["name"] = pack.get(f"items.{rec['condition']}.name") or rec["name"]
        if rec.get("next_phase"):
            rec["next_phase_name"] = phase_names.get(rec["next_phase"], rec["next_phase_name"])
            code, phase = rec["condition"], rec["next_phase"]
            if rec.get("goal"):
                rec["goal"] = pack.get(descriptor_key(code, phase, DescriptorKind.GOAL, 0)) or rec["goal"]
            for kind, key in ((DescriptorKind.ACTION, "actions"), (DescriptorKind.STRATEGIC_QUESTION, "strategic_questions")):
                rec[key] = [pack.get(descriptor_key(code, phase, kind, i)) or text for i, text in enumerate(rec[key])]
        if c is not None:
            placement = Placement(Condition(c["condition"], c["name"], 0, c["foundational"]), c["status"], c.get("answer_text") or "")
            rec["reasons"] = reasons_for(placement, priorities=priorities, phase_names=phase_names, sustain=rec["sustain"], rules=rules, state=state_of(rec))
    out["note"] = _(data["note"]) if data.get("note") else ""
    return out
