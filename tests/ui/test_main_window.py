"""The main window shows the store's activities with their computed status and blockers."""

from pytestqt.qtbot import QtBot

from desktop.models.records import ActivityRecord
from desktop.models.services import ActivityService
from desktop.models.store import Store
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity


def test_lists_activities_and_blockers(qtbot: QtBot, store: Store) -> None:
    svc = ActivityService(store)
    svc.create(closable_activity(provider_activity_id="A-1"))
    svc.create(ActivityRecord(provider_activity_id="A-2", title="Half done"))
    window = MainWindow(svc, store_label=str(store.path))
    qtbot.addWidget(window)
    model = window.table.model()
    assert model.rowCount() == 2
    assert [model.index(r, 0).data() for r in range(2)] == ["A-1", "A-2"]
    assert model.index(0, 6).data() == "Closed"
    window.table.selectRow(1)
    texts = [window.blockers.item(i).text() for i in range(window.blockers.count())]
    assert "format: Choose the activity format." in texts
