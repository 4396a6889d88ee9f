def test_it_shows_officer_their_enterprises(login, officer_user, roster):
    response = login(officer_user).get("/")
    assert response.status_code == 200
    assert roster.furong_enterprise.name in response.content.decode()
