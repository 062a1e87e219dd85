"""gettext catalogs (da, en), read at run time by flnet_ui.i18n."""
