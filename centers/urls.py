"""Views of the add-on that are not pages (feeds, exports, token links); the host site includes these."""

urlpatterns = []
