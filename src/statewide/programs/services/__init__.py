"""Writes of the programs module. Every service checks permission, runs atomically and is audited."""

from statewide.programs.services.applications import (
    application_affirm,
    application_create,
    application_save_answers,
    application_submit,
    application_transition,
    final_report_submit,
    flexibility_request_add,
    indicator_add,
    plan_amend,
    plan_submit,
)
from statewide.programs.services.config import assurance_add, assurance_update, criterion_add, criterion_update, program_update, rule_add, rule_update
from statewide.programs.services.decisions import decision_approve, decision_propose
from statewide.programs.services.parts import approval_group_delete, approval_group_reorder, program_part_delete, program_parts_reorder
from statewide.programs.services.programs import program_create
from statewide.programs.services.reports import annual_report_submit, attachment_upload
from statewide.programs.services.reviews import assignment_create, assignment_declare, comment_add, review_score
from statewide.programs.services.stages import labels_text, program_stages_update, stage_rows

__all__ = [
    "annual_report_submit",
    "application_affirm",
    "application_create",
    "application_save_answers",
    "application_submit",
    "application_transition",
    "approval_group_delete",
    "approval_group_reorder",
    "assignment_create",
    "assignment_declare",
    "assurance_add",
    "assurance_update",
    "attachment_upload",
    "comment_add",
    "criterion_add",
    "criterion_update",
    "decision_approve",
    "decision_propose",
    "final_report_submit",
    "flexibility_request_add",
    "indicator_add",
    "labels_text",
    "plan_amend",
    "plan_submit",
    "program_create",
    "program_part_delete",
    "program_parts_reorder",
    "program_stages_update",
    "program_update",
    "review_score",
    "rule_add",
    "rule_update",
    "stage_rows",
]
