"""The problem ledger's share of tests/test_scope_everywhere.py: its URLs whose scoping is tested here instead."""

UNSCOPED = {
    "problem-assign-many": "dispatches only problems the user sees, each checked by problem_assign; "
                           "tests/problems/test_triage.py "
                           "(test_the_sibling_county_and_departments_get_no_bulk_dispatch, "
                           "test_a_bulk_dispatch_needs_problems_and_a_department_in_reach)",
    "api:problem-assign-many": "problems outside scope read as missing; tests/problems/test_api.py "
                               "(test_a_bulk_dispatch_through_the_api_sees_only_the_users_problems)",
    "problem-departments": "the departments a visible problem's office (or the user's) may dispatch to, 404 for a "
                           "problem out of sight; tests/problems/test_triage.py "
                           "(test_the_picker_is_searchable_within_the_handling_offices_reach)",
}
