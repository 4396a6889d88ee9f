"""The admin shows problems and their history, scoped, and changes nothing: the services own the rules."""

from problems.services import problem_assign


def test_problems_are_read_only_in_the_admin_with_their_history(raise_problem, furong_office, admin_user,
                                                                  tianxin_office, departments, client):
    problem = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax)
    url = f"/admin/problems/problem/{problem.pk}/change/"
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert "芙蓉区税务局" in page and "assigned" in page  # the history inline
    assert client.post(url, {"status": "confirmed"}).status_code == 403
    assert client.get("/admin/problems/problem/add/").status_code == 403
    assert client.post(f"/admin/problems/problem/{problem.pk}/delete/", {"post": "yes"}).status_code == 403
    problem.refresh_from_db()
    assert problem.status == "assigned"
    client.force_login(tianxin_office)
    assert client.get(url).status_code == 404
