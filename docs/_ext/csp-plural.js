// Sphinx turns the catalog's plural rule into code with new Function(), which the
// site's Content-Security-Policy forbids (no 'unsafe-eval').  English and German share
// one rule, so set it directly.  docs/_ext/page_assets.py puts this and the
// catalog (translations.js) at the end of doctools.js.
Documentation.addTranslations = (catalog) => {
  Object.assign(Documentation.TRANSLATIONS, catalog.messages);
  Documentation.PLURAL_EXPR = (n) => (n === 1 ? 0 : 1);
  Documentation.LOCALE = catalog.locale;
};
