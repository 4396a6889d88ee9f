"""Writes on assessment rounds: open, propose the daily scores, enter scores, grade under the quota, finalise,
ask enterprises for their opinion, and act on the outcome (commend, recommend, recall and replace).

Who may do what: the organisation department (an organization post over the round's region) opens and finalises
rounds, enters the comprehensive assessment and sets grades; the liaison office that manages the officer adjusts the
daily score; the county or park office where the officer is stationed enters the work evaluation. Every change
before finalising writes an AssessmentEvent; a finalised round refuses every change except its outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from liaison_portal.queueing import task_name
from officers.models import Assignment, Officer
from officers.services import assignment_create, officer_recall
from regions.choices import PostKind, RegionLevel
from regions.models import Post, Region
from regions.scoping import can_manage, scope_for

from . import scoring
from .choices import EventAction, Grade, OpinionRating, Outcome, RoundStatus, Source
from .models import (
    SCORE_FIELDS,
    WEIGHT_FIELDS,
    AssessmentEvent,
    AssessmentRound,
    OfficerAssessment,
    OpinionRequest,
    ReplacementVacancy,
)
from .scoring import total_of  # noqa: F401 (part of the services' interface)

BATCH_SIZE = 2000
OPINION_SALT = "assessments.opinion-link"
TWO_DECIMALS = Decimal("0.01")
ONE_DECIMAL = Decimal("0.1")


# Roles ---------------------------------------------------------------------------------------------------------


def _region_and_above(region: Region) -> list[str]:
    parts = region.path.rstrip("/").split("/")
    return ["/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def organization_regions(user) -> list[Region]:
    """The regions whose organisation department the user works for (administrators: every city and the province)."""
    if scope_for(user).everything:
        return list(Region.objects.filter(level__in=(RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY))
                    .order_by("path"))
    return [post.region for post in Post.objects.filter(user=user, kind=PostKind.ORGANIZATION, is_active=True)
            .select_related("region").order_by("region__path")]


def is_organization_for(user, region: Region) -> bool:
    """An organisation post over `region` (or an administrator): runs its rounds and grades its officers."""
    if user is None or not user.is_authenticated:
        return False
    if scope_for(user).everything:
        return True
    return Post.objects.filter(user=user, kind=PostKind.ORGANIZATION, is_active=True,
                               region__path__in=_region_and_above(region)).exists()


def is_daily_assessor(user, assessment: OfficerAssessment) -> bool:
    """The liaison office that manages the officer adjusts the daily assessment."""
    return user is not None and can_manage(user, assessment)


def is_work_evaluator(user, assessment: OfficerAssessment) -> bool:
    """A county or park liaison office over the enterprise where the officer is stationed (工作评价)."""
    if user is None or not user.is_authenticated:
        return False
    if scope_for(user).everything:
        return True
    region = assessment.commanding_region
    return Post.objects.filter(
        user=user, kind=PostKind.LIAISON_OFFICE, is_active=True, region__path__in=_region_and_above(region)
    ).filter(Q(region__level__in=(RegionLevel.COUNTY, RegionLevel.PARK)) | Q(region=region)).exists()


def may_request_opinions(user, assessment: OfficerAssessment) -> bool:
    scope = scope_for(user)
    return (scope.manages_region(assessment.managing_region) or scope.manages_region(assessment.commanding_region)
            or is_organization_for(user, assessment.round.region))


def assessment_permissions(*, user, assessment: OfficerAssessment) -> dict[str, bool]:
    """What the page offers `user` on one officer's assessment; the services decide again."""
    is_open = assessment.round.is_open
    organization = is_organization_for(user, assessment.round.region)
    daily = is_daily_assessor(user, assessment)
    return {
        "comprehensive": is_open and organization,
        "daily": is_open and daily,
        "work_evaluation": is_open and is_work_evaluator(user, assessment),
        "grade": is_open and organization,
        "opinions": is_open and may_request_opinions(user, assessment),
        "outcome": not is_open and (organization or daily),
        "recall": not is_open and daily and assessment.outcome != Outcome.RECALL,
    }


def _refuse(field: str, message: str):
    raise ValidationError({field: message})


def _ensure_organization(actor, region: Region) -> None:
    if not is_organization_for(actor, region):
        _refuse("region", _("Only the organisation department of %(region)s may do this.") % {"region": region.name})


def _ensure_open(assessment_round: AssessmentRound) -> None:
    if assessment_round.status != RoundStatus.OPEN:
        _refuse("round", _("This assessment round is finalised and can no longer be changed."))


def _locked_round(assessment_round: AssessmentRound) -> AssessmentRound:
    """Lock the round row: grades and finalising are decided one at a time (the quota counts stay true)."""
    locked = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    _ensure_open(locked)
    return locked


def _event(*, assessment_round, action, actor=None, assessment=None, field="", old="", new="", reason=""):
    return AssessmentEvent.objects.create(
        round=assessment_round, assessment=assessment, actor=actor, action=action, field=field,
        old_value="" if old is None else str(old)[:64], new_value="" if new is None else str(new)[:64],
        reason=reason[:500],
    )


# Opening a round ------------------------------------------------------------------------------------------------


def _check_weights(weights: dict[str, int]) -> None:
    if sum(weights.values()) != 100:
        _refuse("weight_comprehensive", _("The four weights must add up to 100; they add up to %(sum)d.")
                % {"sum": sum(weights.values())})


def round_officers(*, region: Region, start: date, end: date) -> dict[int, tuple[int, int]]:
    """The officers stationed during the period by offices of `region`: officer id -> (managing, commanding region)
    of their last assignment in the period (the offices that assess them)."""
    rows = (Assignment.objects.filter(managing_region__path__startswith=region.path, start_date__lte=end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
            .order_by("officer_id", "start_date", "id")
            .values_list("officer_id", "managing_region_id", "commanding_region_id"))
    officers = {}
    for officer_id, managing_id, commanding_id in rows.iterator(chunk_size=BATCH_SIZE):
        officers[officer_id] = (managing_id, commanding_id)  # the latest start wins
    return officers


@transaction.atomic
def round_open(*, actor, region: Region, name: str, period_start: date, period_end: date,
               weights: dict[str, int] | None = None, excellent_quota_percent: int = 30) -> AssessmentRound:
    """Open a round for the region's officers stationed during the period: one OfficerAssessment each, in bulk."""
    _ensure_organization(actor, region)
    weights = {**{source: AssessmentRound._meta.get_field(field).default for source, field in WEIGHT_FIELDS.items()},
               **(weights or {})}
    _check_weights(weights)
    assessment_round = AssessmentRound(
        region=region, name=name.strip(), period_start=period_start, period_end=period_end,
        excellent_quota_percent=excellent_quota_percent, opened_by=actor,
        **{WEIGHT_FIELDS[source]: value for source, value in weights.items()},
    )
    if period_end < period_start:
        _refuse("period_end", _("The period cannot end before it starts."))
    if AssessmentRound.objects.filter(region=region, name=assessment_round.name).exists():
        _refuse("name", _("%(region)s already has a round of this name.") % {"region": region.name})
    assessment_round.full_clean()
    assessment_round.save()
    officers = round_officers(region=region, start=period_start, end=period_end)
    if not officers:
        _refuse("period_start", _("No officer of %(region)s was stationed during this period.")
                % {"region": region.name})
    OfficerAssessment.objects.bulk_create(
        (OfficerAssessment(round=assessment_round, officer_id=officer_id, managing_region_id=managing,
                           commanding_region_id=commanding)
         for officer_id, (managing, commanding) in officers.items()),
        batch_size=BATCH_SIZE,
    )
    _event(assessment_round=assessment_round, action=EventAction.OPENED, actor=actor, new=len(officers))
    return assessment_round


# Scores and totals ----------------------------------------------------------------------------------------------


def _clean_score(value, field: str = "score") -> Decimal:
    try:
        score = Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        _refuse(field, _("Enter a score from 0 to 100."))
    if not Decimal(0) <= score <= Decimal(100):
        _refuse(field, _("Enter a score from 0 to 100."))
    return score


def _locked_assessment(assessment: OfficerAssessment) -> tuple[OfficerAssessment, AssessmentRound]:
    locked = (OfficerAssessment.objects.select_for_update(of=("self",)).select_related("round", "managing_region",
                                                                                        "commanding_region")
              .get(pk=assessment.pk))
    _ensure_open(locked.round)
    return locked, locked.round


@transaction.atomic
def score_set(*, actor, assessment: OfficerAssessment, source: str, score, reason: str = "") -> OfficerAssessment:
    """Enter the comprehensive assessment (organisation department) or the work evaluation (county/park office)."""
    assessment, assessment_round = _locked_assessment(assessment)
    if source == Source.COMPREHENSIVE:
        _ensure_organization(actor, assessment_round.region)
    elif source == Source.WORK_EVALUATION:
        if not is_work_evaluator(actor, assessment):
            _refuse("score", _("Only the county or park office where the officer is stationed enters the work "
                               "evaluation."))
    else:
        _refuse("source", _("This source is not entered by hand."))
    value = _clean_score(score)
    prefix = SCORE_FIELDS[source].removesuffix("_score")
    old = assessment.score(source)
    setattr(assessment, SCORE_FIELDS[source], value)
    setattr(assessment, f"{prefix}_by", actor)
    setattr(assessment, f"{prefix}_at", timezone.now())
    assessment.total = total_of(assessment, assessment_round.weights)
    assessment.full_clean()
    assessment.save()
    _event(assessment_round=assessment_round, assessment=assessment, actor=actor, action=EventAction.SCORE_SET,
           field=source, old=old, new=value, reason=reason)
    return assessment


@transaction.atomic
def daily_adjust(*, actor, assessment: OfficerAssessment, score, reason: str) -> OfficerAssessment:
    """The managing office adjusts the proposed daily score by hand; the reason is required, the proposal kept."""
    assessment, assessment_round = _locked_assessment(assessment)
    if not is_daily_assessor(actor, assessment):
        _refuse("score", _("Only the liaison office that manages the officer adjusts the daily assessment."))
    if not reason.strip():
        _refuse("reason", _("Say why the daily score differs from the proposal."))
    value = _clean_score(score)
    old = assessment.daily_score
    assessment.daily_score = value
    assessment.daily_reason = reason.strip()[:500]
    assessment.daily_by, assessment.daily_at = actor, timezone.now()
    assessment.total = total_of(assessment, assessment_round.weights)
    assessment.full_clean()
    assessment.save()
    _event(assessment_round=assessment_round, assessment=assessment, actor=actor, action=EventAction.DAILY_ADJUSTED,
           field=Source.DAILY, old=old, new=value, reason=reason.strip())
    return assessment


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@transaction.atomic
def daily_scores_propose(*, actor, assessment_round: AssessmentRound, as_of: date | None = None) -> int:
    """Compute every officer's proposed daily score from the data (scoring.py); an adjusted score is kept.

    A handful of grouped queries per 2,000 officers and a bulk update; returns how many officers got a proposal.
    """
    assessment_round = _locked_round(assessment_round)
    _ensure_organization(actor, assessment_round.region)
    as_of = as_of or timezone.localdate()
    weights = assessment_round.weights
    proposed = 0
    rows = list(OfficerAssessment.objects.filter(round=assessment_round).order_by("id"))
    for chunk in _chunks(rows):
        counts = scoring.officer_counts(officer_ids=[row.officer_id for row in chunk],
                                        start=assessment_round.period_start, end=assessment_round.period_end,
                                        as_of=as_of)
        for row in chunk:
            proposal = scoring.daily_score_propose(counts[row.officer_id])
            row.daily_proposed = proposal.score
            row.daily_components = proposal.components
            if not row.daily_adjusted:
                row.daily_score = proposal.score
            row.total = total_of(row, weights)
            proposed += proposal.score is not None
        OfficerAssessment.objects.bulk_update(chunk, ["daily_proposed", "daily_components", "daily_score", "total"],
                                              batch_size=500)
    assessment_round.proposed_at = timezone.now()
    assessment_round.save(update_fields=["proposed_at"])
    _event(assessment_round=assessment_round, action=EventAction.DAILY_PROPOSED, actor=actor, new=proposed)
    return proposed


# Grades and the quota -------------------------------------------------------------------------------------------


def excellent_places(assessment_round: AssessmentRound) -> dict[str, int]:
    """Officers in the round, excellent places allowed (floor of quota % x officers), taken, and left."""
    counts = OfficerAssessment.objects.filter(round=assessment_round).aggregate(
        officers=Count("id"), excellent=Count("id", filter=Q(grade=Grade.EXCELLENT)))
    allowed = assessment_round.excellent_allowed(counts["officers"])
    return {"officers": counts["officers"], "allowed": allowed, "taken": counts["excellent"],
            "left": max(0, allowed - counts["excellent"])}


@transaction.atomic
def grade_set(*, actor, assessment: OfficerAssessment, grade: str, reason: str = "") -> OfficerAssessment:
    """Set an officer's grade; an excellent grade beyond the round's quota is refused."""
    assessment_round = _locked_round(assessment.round)
    _ensure_organization(actor, assessment_round.region)
    assessment = OfficerAssessment.objects.select_for_update().get(pk=assessment.pk)
    if grade not in Grade.values:
        _refuse("grade", _("Choose a grade."))
    if grade == Grade.EXCELLENT and assessment.grade != Grade.EXCELLENT:
        places = excellent_places(assessment_round)
        if places["left"] <= 0:
            _refuse("grade", _(
                "No excellent place is left: at most %(allowed)d of the %(officers)d officers (%(percent)d %%) may be "
                "excellent, and %(taken)d already are.") % {
                "allowed": places["allowed"], "officers": places["officers"],
                "percent": assessment_round.excellent_quota_percent, "taken": places["taken"]})
    old = assessment.grade
    assessment.grade, assessment.grade_by, assessment.grade_at = grade, actor, timezone.now()
    assessment.full_clean()
    assessment.save(update_fields=["grade", "grade_by", "grade_at"])
    _event(assessment_round=assessment_round, assessment=assessment, actor=actor, action=EventAction.GRADE_SET,
           field="grade", old=old, new=grade, reason=reason)
    assessment.round = assessment_round
    return assessment


@transaction.atomic
def round_finalise(*, actor, assessment_round: AssessmentRound) -> AssessmentRound:
    """Close the round: every officer graded, excellent grades within the quota. Read-only from then on."""
    assessment_round = _locked_round(assessment_round)
    _ensure_organization(actor, assessment_round.region)
    ungraded = OfficerAssessment.objects.filter(round=assessment_round, grade="").count()
    if ungraded:
        _refuse("round", _("%(count)d officers have no grade yet.") % {"count": ungraded})
    places = excellent_places(assessment_round)
    if places["taken"] > places["allowed"]:
        _refuse("round", _("%(taken)d officers are graded excellent, but at most %(allowed)d may be (%(percent)d %% "
                           "of %(officers)d).") % {**places, "percent": assessment_round.excellent_quota_percent})
    assessment_round.status = RoundStatus.FINALISED
    assessment_round.finalised_by, assessment_round.finalised_at = actor, timezone.now()
    assessment_round.save(update_fields=["status", "finalised_by", "finalised_at"])
    _event(assessment_round=assessment_round, action=EventAction.FINALISED, actor=actor, new=places["officers"])
    return assessment_round


# Enterprise opinions through signed links -----------------------------------------------------------------------


class OpinionLinkError(Exception):
    """A link that cannot be used: `reason` is "expired", "invalid", "answered" or "closed"."""

    def __init__(self, reason: str, request: OpinionRequest | None = None):
        super().__init__(reason)
        self.reason = reason
        self.request = request


def opinion_token(request: OpinionRequest) -> str:
    """A signed, timestamped token naming the request; it expires ASSESSMENT_OPINION_LINK_DAYS after signing."""
    return signing.dumps({"r": request.pk}, salt=OPINION_SALT, compress=True)


def opinion_request_from_token(token: str) -> OpinionRequest:
    """The request a link names, or OpinionLinkError (expired, tampered, answered, round closed)."""
    max_age = settings.ASSESSMENT_OPINION_LINK_DAYS * 24 * 3600
    try:
        payload = signing.loads(token, salt=OPINION_SALT, max_age=max_age)
    except signing.SignatureExpired as expired:
        raise OpinionLinkError("expired") from expired
    except signing.BadSignature as bad:
        raise OpinionLinkError("invalid") from bad
    request = (OpinionRequest.objects.select_related("assessment__officer", "assessment__round", "enterprise")
               .filter(pk=payload.get("r") if isinstance(payload, dict) else None).first())
    if request is None:
        raise OpinionLinkError("invalid")
    if request.answered_at is not None:
        raise OpinionLinkError("answered", request)
    if not request.assessment.round.is_open:
        raise OpinionLinkError("closed", request)
    return request


def _period_enterprises(assessment: OfficerAssessment) -> list[Enterprise]:
    assessment_round = assessment.round
    return list(Enterprise.objects.filter(
        assignments__officer=assessment.officer, assignments__start_date__lte=assessment_round.period_end,
    ).filter(Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=assessment_round.period_start))
        .distinct().order_by("name"))


@transaction.atomic
def opinion_request_create(*, actor, assessment: OfficerAssessment, enterprise: Enterprise) -> OpinionRequest:
    """Ask one enterprise the officer served in the period for its opinion; asking again returns the same request."""
    assessment, assessment_round = _locked_assessment(assessment)
    if not may_request_opinions(actor, assessment):
        _refuse("enterprise", _("Only the offices of the officer ask enterprises for their opinion."))
    if enterprise.pk not in {e.pk for e in _period_enterprises(assessment)}:
        _refuse("enterprise", _("%(officer)s did not serve %(enterprise)s during the period.")
                % {"officer": assessment.officer.name, "enterprise": enterprise.name})
    request, created = OpinionRequest.objects.get_or_create(assessment=assessment, enterprise=enterprise,
                                                            defaults={"created_by": actor})
    if created:
        _event(assessment_round=assessment_round, assessment=assessment, actor=actor,
               action=EventAction.OPINION_REQUESTED, field=Source.ENTERPRISE_OPINION, new=enterprise.name)
    return request


@transaction.atomic
def opinion_requests_create_all(*, actor, assessment: OfficerAssessment) -> list[OpinionRequest]:
    """One request per enterprise the officer served in the period."""
    return [opinion_request_create(actor=actor, assessment=assessment, enterprise=enterprise)
            for enterprise in _period_enterprises(assessment)]


def _refresh_opinion_score(assessment: OfficerAssessment, weights: dict[str, int]) -> None:
    answered = OpinionRequest.objects.filter(assessment=assessment, answered_at__isnull=False).aggregate(
        mean=Avg("rating"), count=Count("id"))
    assessment.enterprise_opinion_score = (None if answered["mean"] is None else
                                           Decimal(str(answered["mean"])).quantize(ONE_DECIMAL, ROUND_HALF_UP))
    assessment.opinions_answered = answered["count"]
    assessment.total = total_of(assessment, weights)
    assessment.save(update_fields=["enterprise_opinion_score", "opinions_answered", "total"])


@transaction.atomic
def opinion_answer(*, token: str, rating: int, comment: str = "") -> OpinionRequest:
    """The enterprise answers through its link, once; the officer's opinion score is the mean of the answers."""
    request = opinion_request_from_token(token)
    request = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at is not None:  # a second submit that raced the first
        raise OpinionLinkError("answered", request)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = None
    if rating not in OpinionRating.values:
        _refuse("rating", _("Choose one of the ratings."))
    request.rating, request.comment, request.answered_at = rating, comment.strip()[:1000], timezone.now()
    request.full_clean()
    request.save(update_fields=["rating", "comment", "answered_at"])
    assessment, assessment_round = _locked_assessment(request.assessment)
    old = assessment.enterprise_opinion_score
    _refresh_opinion_score(assessment, assessment_round.weights)
    _event(assessment_round=assessment_round, assessment=assessment, action=EventAction.OPINION_ANSWERED,
           field=Source.ENTERPRISE_OPINION, old=old, new=assessment.enterprise_opinion_score,
           reason=request.enterprise.name)
    return request


# Outcomes of a finalised round ----------------------------------------------------------------------------------


def _finalised_assessment(assessment: OfficerAssessment) -> OfficerAssessment:
    assessment = (OfficerAssessment.objects.select_for_update(of=("self",))
                  .select_related("round__region", "managing_region", "commanding_region", "officer")
                  .get(pk=assessment.pk))
    if assessment.round.is_open:
        _refuse("outcome", _("Outcomes are decided once the round is finalised."))
    return assessment


@transaction.atomic
def outcome_set(*, actor, assessment: OfficerAssessment, outcome: str, note: str = "") -> OfficerAssessment:
    """Mark a commendation or a promotion recommendation (a recall goes through assessment_recall)."""
    assessment = _finalised_assessment(assessment)
    if outcome not in (Outcome.COMMENDATION, Outcome.PROMOTION, ""):
        _refuse("outcome", _("Choose commendation or promotion recommendation; a recall has its own form."))
    if not (is_organization_for(actor, assessment.round.region) or is_daily_assessor(actor, assessment)):
        _refuse("outcome", _("Only the organisation department or the officer's liaison office decides outcomes."))
    if assessment.outcome == Outcome.RECALL:
        _refuse("outcome", _("The officer has been recalled; that outcome stands."))
    old = assessment.outcome
    assessment.outcome, assessment.outcome_note = outcome, note.strip()[:500]
    assessment.outcome_by, assessment.outcome_at = actor, timezone.now()
    assessment.save(update_fields=["outcome", "outcome_note", "outcome_by", "outcome_at"])
    _event(assessment_round=assessment.round, assessment=assessment, actor=actor, action=EventAction.OUTCOME_SET,
           field="outcome", old=old, new=outcome, reason=note)
    return assessment


@transaction.atomic
def assessment_recall(*, actor, assessment: OfficerAssessment, reason: str,
                      successors: dict[int, Officer] | None = None, on_date: date | None = None
                      ) -> tuple[list[Assignment], list[ReplacementVacancy]]:
    """Recall the officer (召回调整): officers.services.officer_recall ends every active assignment with the reason and
    stations the named successors; each enterprise without one gets a vacancy the office fills later."""
    assessment = _finalised_assessment(assessment)
    if not is_daily_assessor(actor, assessment):
        _refuse("outcome", _("Only the liaison office that manages the officer recalls them."))
    if assessment.outcome == Outcome.RECALL:
        _refuse("outcome", _("The officer has already been recalled."))
    if not reason.strip():
        _refuse("reason", _("Give the reason for the recall."))
    on_date = on_date or timezone.localdate()
    successors = {key: value for key, value in (successors or {}).items() if value is not None}
    ending = list(Assignment.objects.active_on(on_date).filter(officer=assessment.officer)
                  .select_related("enterprise", "managing_region"))
    created = officer_recall(actor=actor, officer=assessment.officer, reason=reason.strip(),
                             replacements=successors, on_date=on_date)
    replaced = {assignment.replaces_id for assignment in created}
    vacancies = [
        ReplacementVacancy.objects.create(
            assessment=assessment, ended_assignment=ended, enterprise=ended.enterprise,
            managing_region=ended.managing_region, created_by=actor)
        for ended in ending if ended.pk not in replaced
    ]
    old = assessment.outcome
    assessment.outcome, assessment.outcome_note = Outcome.RECALL, reason.strip()[:500]
    assessment.outcome_by, assessment.outcome_at = actor, timezone.now()
    assessment.save(update_fields=["outcome", "outcome_note", "outcome_by", "outcome_at"])
    _event(assessment_round=assessment.round, assessment=assessment, actor=actor, action=EventAction.RECALLED,
           field="outcome", old=old, new=Outcome.RECALL, reason=reason.strip())
    return created, vacancies


@transaction.atomic
def vacancy_fill(*, actor, vacancy: ReplacementVacancy, officer: Officer, start_date: date | None = None
                 ) -> Assignment:
    """Station the chosen successor in the enterprise; the new assignment replaces the recalled officer's."""
    vacancy = ReplacementVacancy.objects.select_for_update(of=("self",)).select_related(
        "ended_assignment__task_force", "enterprise", "managing_region", "assessment__round").get(pk=vacancy.pk)
    if vacancy.is_filled:
        _refuse("officer", _("This vacancy has already been filled."))
    if officer.pk == vacancy.ended_assignment.officer_id:
        _refuse("officer", _("Choose another officer than the one recalled."))
    assignment = assignment_create(
        actor=actor, officer=officer, enterprise=vacancy.enterprise, managing_region=vacancy.managing_region,
        start_date=start_date or timezone.localdate(), task_force=vacancy.ended_assignment.task_force,
        replaces=vacancy.ended_assignment,
    )
    vacancy.filled_assignment, vacancy.filled_by, vacancy.filled_at = assignment, actor, timezone.now()
    vacancy.save(update_fields=["filled_assignment", "filled_by", "filled_at"])
    _event(assessment_round=vacancy.assessment.round, assessment=vacancy.assessment, actor=actor,
           action=EventAction.VACANCY_FILLED, field="assignment", new=officer.name, reason=vacancy.enterprise.name)
    return assignment


# The assessment sheet -------------------------------------------------------------------------------------------

PROGRESS_EVERY = 1000
EXPORT_TASK = task_name("assessments.tasks.assessment_sheet_export", queued_from=__name__)


def assessment_sheet_export_start(*, actor, assessment_round: AssessmentRound):
    """A small round's sheet as bytes at once; a larger one becomes a SpreadsheetJob run by a Celery task.

    Returns (filename, bytes) or (filename, job); the job's page shows the progress bar and then the download.
    """
    from spreadsheets.choices import JobKind
    from spreadsheets.services import job_create, job_enqueue
    from spreadsheets.writing import workbook_bytes

    from .selectors import round_assessments
    from .xlsx import assessment_sheets, sheet_filename

    filename = f"{sheet_filename(assessment_round)}.xlsx"
    rows = round_assessments(assessment_round=assessment_round, fetched_by=actor).count()
    if rows <= settings.ASSESSMENT_EXPORT_INLINE_ROWS:
        return filename, workbook_bytes(assessment_sheets(assessment_round=assessment_round, fetched_by=actor))
    with transaction.atomic():
        job = job_create(actor=actor, kind=JobKind.EXPORT, title=_("Assessment sheet: %(round)s") % {
            "round": f"{assessment_round.region.name} {assessment_round.name}"}, region=assessment_round.region,
            total=rows)
        job_enqueue(job=job, task_name=EXPORT_TASK, round_id=assessment_round.pk)
    return filename, job


def assessment_sheet_export_run(*, job_id: int, round_id: int):
    """Write the round's sheet to a file as the job, reporting progress every 1,000 rows (the task's work)."""
    import tempfile
    from pathlib import Path

    from spreadsheets.services import job_finish, job_run
    from spreadsheets.writing import workbook_write

    from .xlsx import assessment_sheets, sheet_filename

    def work(job, progress):
        assessment_round = AssessmentRound.objects.select_related("region").get(pk=round_id)

        def on_row(number: int) -> None:
            if number % PROGRESS_EVERY == 0:
                progress(number)

        with tempfile.TemporaryDirectory(prefix="assessment-sheet-") as folder:
            path = Path(folder) / "sheet.xlsx"
            sheets = assessment_sheets(assessment_round=assessment_round, fetched_by=job.created_by, on_row=on_row)
            workbook_write(sheets, path)
            job_finish(job_id=job.pk, output_path=path, output_name=f"{sheet_filename(assessment_round)}.xlsx")

    return job_run(job_id=job_id, work=work)
