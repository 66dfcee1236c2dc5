// Sphinx turns the catalog's plural rule into code with new Function(), which the
// site's Content-Security-Policy forbids (no 'unsafe-eval').  English and German share
// one rule, so set it directly.  docs/_ext/csp.py puts this in front of
// translations.js, which runs after doctools.js.
Documentation.addTranslations = (catalog) => {
  Object.assign(Documentation.TRANSLATIONS, catalog.messages);
  Documentation.PLURAL_EXPR = (n) => (n === 1 ? 0 : 1);
  Documentation.LOCALE = catalog.locale;
};
