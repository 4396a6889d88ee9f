"""Before today's reports fall due (REPORT_DUE_AT), the dashboard opens on yesterday, the day whose figures are
complete, with a switch to today; from the due time on it opens on today."""

from .conftest import TODAY, YESTERDAY


def test_before_the_due_time_the_dashboard_opens_on_yesterday(world, regions, furong_office, client, office_clock,
                                                              settings):
    settings.REPORT_DUE_AT = "20:00"
    office_clock(8, 30)
    client.force_login(furong_office)
    response = client.get(f"/dashboard/{regions.furong.pk}/")
    assert response.context["day"] == YESTERDAY
    body = response.content.decode()
    assert f'href="?day={TODAY.isoformat()}"' in body  # the switch to today
    assert "20:00" in body


def test_the_switch_shows_today_and_leads_back_to_yesterday(world, regions, furong_office, client, office_clock):
    office_clock(8, 30)
    client.force_login(furong_office)
    response = client.get(f"/dashboard/{regions.furong.pk}/", {"day": TODAY.isoformat()})
    assert response.context["day"] == TODAY
    assert f'href="?day={YESTERDAY.isoformat()}"' in response.content.decode()


def test_from_the_due_time_the_dashboard_opens_on_today(world, regions, furong_office, client, office_clock,
                                                        settings):
    settings.REPORT_DUE_AT = "20:00"
    office_clock(20, 0)
    client.force_login(furong_office)
    response = client.get(f"/dashboard/{regions.furong.pk}/")
    assert response.context["day"] == TODAY
    assert "day-switch" not in response.content.decode()  # today is the office's day: nothing to switch to


def test_a_bad_day_falls_back_to_the_office_day_and_a_future_one_to_today(world, regions, furong_office, client,
                                                                          office_clock):
    office_clock(7, 0)
    client.force_login(furong_office)
    assert client.get(f"/dashboard/{regions.furong.pk}/", {"day": "not-a-day"}).context["day"] == YESTERDAY
    assert client.get(f"/dashboard/{regions.furong.pk}/", {"day": "2999-01-01"}).context["day"] == TODAY
